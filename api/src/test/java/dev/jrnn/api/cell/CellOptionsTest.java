package dev.jrnn.api.cell;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("declared cell options")
class CellOptionsTest {
    private final CellOptions declared = CellOptions.of(CellOption.oneOf("nonlinearity", "tanh", "relu"),
            CellOption.matching("alpha", "a number in (0, 1)", v -> {
                try {
                    double a = Double.parseDouble(v);
                    return a > 0 && a < 1;
                } catch (NumberFormatException e) {
                    return false;
                }
            }));

    @Test
    @DisplayName("accept the values they declare, without regard to case")
    void accepts() {
        assertDoesNotThrow(() -> declared.checkAll("c", Map.of("nonlinearity", "ReLU", "alpha", "0.25")));
        assertTrue(declared.declared());
        assertEquals(2, declared.list().size());
    }

    @Test
    @DisplayName("refuse a value, naming cell, option, value and the accepted values")
    void refusesValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> declared.check("c", "nonlinearity", "sigmoid"));
        assertEquals("cell 'c': option nonlinearity=sigmoid is not accepted; nonlinearity takes one of [tanh, relu]",
                e.getMessage());
        IllegalArgumentException alpha = assertThrows(IllegalArgumentException.class,
                () -> declared.check("c", "alpha", "2"));
        assertTrue(alpha.getMessage().contains("a number in (0, 1)"), alpha.getMessage());
    }

    @Test
    @DisplayName("refuse an unknown key, listing the declared ones")
    void refusesKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> declared.check("c", "beta", "1"));
        assertTrue(e.getMessage().contains("unknown option beta=1") && e.getMessage().contains("nonlinearity")
                && e.getMessage().contains("alpha"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CellOptions.none().check("c", "beta", "1"));
    }

    @Test
    @DisplayName("check nothing when a provider declares nothing, which is the default")
    void undeclaredDefault() {
        CellProvider legacy = new CellProvider() {
            @Override
            public String name() {
                return "legacy";
            }

            @Override
            public Cell create(CellConfig config) {
                throw new UnsupportedOperationException();
            }
        };
        assertFalse(legacy.options().declared());
        assertTrue(legacy.aliases().isEmpty());
        assertDoesNotThrow(() -> legacy.options().check("legacy", "anything", "goes"));
    }

    @Test
    @DisplayName("refuse a key declared twice")
    void duplicateKey() {
        assertThrows(IllegalArgumentException.class,
                () -> CellOptions.of(CellOption.oneOf("a", "x"), CellOption.oneOf("a", "y")));
    }
}
