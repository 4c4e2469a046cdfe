package dev.jrnn.conformance.golden;

import dev.jrnn.api.DType;
import dev.jrnn.api.backend.Backend;
import dev.jrnn.models.io.SafetensorsFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden parity with PyTorch: every golden case ({@link GoldenCases}) is built as a layer on the
 * backend under test, run forward and backward, and compared with PyTorch's outputs, final states
 * and gradients, in float64 (within 1e-9) and float32 (within 1e-4), through the backend's fused
 * sequence kernels and step by step through the cells' differentiable ops (an LSTM with
 * projections, which the fused kernels do not run, goes step by step both times), and forward
 * alone without gradients, as a model serves (the backend's {@code recurrentInference} where it
 * takes the case). A backend runs
 * it with one short class:
 *
 * <pre>{@code
 * class EjmlGoldenParityTest extends GoldenParityKit {
 *     protected Backend backend() { return new EjmlBackend(); }
 * }
 * }</pre>
 *
 * <p>Set the system property {@value GoldenCases#FOLDER_PROPERTY} to run the cases of another folder.
 */
public abstract class GoldenParityKit {

    /** The backend under test. */
    protected abstract Backend backend();

    @TestFactory
    @DisplayName("recurrent layers match PyTorch on every golden case")
    Stream<DynamicTest> layersMatchPyTorch() {
        List<GoldenCase> cases;
        try {
            cases = GoldenCases.discover();
        } catch (IOException e) {
            String message = e.getMessage();
            return Stream.of(DynamicTest.dynamicTest("the golden cases can be found", () -> {
                throw new AssertionError(message, e);
            }));
        }
        return tests(cases);
    }

    /** One test per case, dtype and path, named as a sentence. */
    final Stream<DynamicTest> tests(List<GoldenCase> cases) {
        List<DynamicTest> tests = new ArrayList<>();
        for (GoldenCase c : cases) {
            for (DType dtype : List.of(DType.FLOAT64, DType.FLOAT32)) {
                String precision = dtype.name().toLowerCase(Locale.ROOT);
                tests.add(DynamicTest.dynamicTest(c.name() + " matches PyTorch in " + precision
                        + " through the fused kernels", () -> run(c, dtype, true)));
                tests.add(DynamicTest.dynamicTest(c.name() + " matches PyTorch in " + precision
                        + " step by step through the cell", () -> run(c, dtype, false)));
                tests.add(DynamicTest.dynamicTest(c.name() + " matches PyTorch in " + precision
                        + " at inference, without gradients", () -> GoldenCheck.checkInference(c.name(), c.load(),
                        backend(), dtype)));
            }
        }
        return tests.stream();
    }

    private void run(GoldenCase c, DType dtype, boolean fused) throws IOException {
        SafetensorsFile file = c.load();
        GoldenCheck.check(c.name(), file, backend(), dtype, fused);
    }
}
