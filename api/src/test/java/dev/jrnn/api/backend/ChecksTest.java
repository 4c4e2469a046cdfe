package dev.jrnn.api.backend;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("the shared argument checks")
class ChecksTest {

    @Test
    @DisplayName("sequence lengths are null or one per sequence in [0, steps], else the message names the op")
    void lengths() {
        assertDoesNotThrow(() -> Checks.lengths("recurrentForward", null, 4, 2));
        assertDoesNotThrow(() -> Checks.lengths("recurrentForward", new int[] {0, 4}, 4, 2));
        assertEquals("recurrentForward: 1 lengths given for a batch of 2", assertThrows(IllegalArgumentException.class,
                () -> Checks.lengths("recurrentForward", new int[] {3}, 4, 2)).getMessage());
        assertEquals("recurrentBackward: length 5 of sequence 1 is outside [0, 4]",
                assertThrows(IllegalArgumentException.class,
                        () -> Checks.lengths("recurrentBackward", new int[] {4, 5}, 4, 2)).getMessage());
    }
}
