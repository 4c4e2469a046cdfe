package dev.jrnn.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrnn.api.DType;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every kernel the Java code launches ({@link Kernel}) is an entry of the PTX on the class path,
 * for both dtypes, and the PTX holds no entry the code does not launch. Needs no GPU.
 */
@DisplayName("the PTX on the class path")
class PtxResourcesTest {
    private static final Pattern ENTRY = Pattern.compile("^\\.visible \\.entry (\\w+)\\(", Pattern.MULTILINE);

    @Test
    @DisplayName("holds an entry for every kernel the backend launches, in float32 and float64")
    void everyLaunchedKernelIsThere() {
        for (Kernel kernel : Kernel.values()) {
            Set<String> entries = entries(kernel.module());
            for (DType dtype : DType.values()) {
                assertTrue(entries.contains(kernel.entry(dtype)), kernel + ": " + kernel.module() + ".ptx has no entry "
                        + kernel.entry(dtype) + ", only " + entries);
            }
        }
    }

    @Test
    @DisplayName("holds no entry that the backend never launches")
    void noOrphanKernels() {
        Set<String> launched = new TreeSet<>();
        Set<String> modules = new TreeSet<>();
        for (Kernel kernel : Kernel.values()) {
            modules.add(kernel.module());
            for (DType dtype : DType.values()) {
                launched.add(kernel.entry(dtype));
            }
        }
        Set<String> shipped = new TreeSet<>();
        for (String module : modules) {
            shipped.addAll(entries(module));
        }
        assertEquals(launched, shipped);
    }

    @Test
    @DisplayName("is non-empty text that the driver can take as a module image")
    void resourcesAreLoadableText() {
        for (Kernel kernel : Kernel.values()) {
            String ptx = KernelModule.ptx(kernel.module());
            assertTrue(ptx.length() > 1000, kernel.module() + ".ptx is too short to hold kernels");
            assertTrue(ptx.contains("\n.address_size 64\n"), kernel.module() + ".ptx lacks .address_size 64");
            assertTrue(ptx.chars().allMatch(c -> c > 0 && c < 128), kernel.module() + ".ptx must be NUL-free ASCII");
        }
    }

    static Set<String> entries(String module) {
        Matcher m = ENTRY.matcher(KernelModule.ptx(module));
        Set<String> names = new TreeSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
