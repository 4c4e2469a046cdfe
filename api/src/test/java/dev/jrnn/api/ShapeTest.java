package dev.jrnn.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ShapeTest {

    @Test
    @DisplayName("size is the product of the dimensions and a scalar has one element")
    void size() {
        assertEquals(24, Shape.of(2, 3, 4).size());
        assertEquals(1, Shape.scalar().size());
        assertEquals(0, Shape.scalar().rank());
        assertEquals(0, Shape.of(3, 0).size());
    }

    @Test
    @DisplayName("negative axes count from the end and out-of-range axes name the shape")
    void axes() {
        Shape s = Shape.of(2, 3, 4);
        assertEquals(4, s.dim(-1));
        assertEquals(2, s.dim(-3));
        assertEquals(1, s.normalizeAxis(-2));
        var e = assertThrows(IllegalArgumentException.class, () -> s.dim(3));
        assertTrue(e.getMessage().contains("[2, 3, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.normalizeAxis(-4));
    }

    @Test
    @DisplayName("withDim, remove and insert return new shapes and leave the original alone")
    void derivedShapes() {
        Shape s = Shape.of(2, 3, 4);
        assertEquals(Shape.of(2, 7, 4), s.withDim(1, 7));
        assertEquals(Shape.of(2, 4), s.remove(1));
        assertEquals(Shape.of(2, 3), s.remove(-1));
        assertEquals(Shape.of(5, 2, 3, 4), s.insert(0, 5));
        assertEquals(Shape.of(2, 3, 4, 5), s.insert(3, 5));
        assertThrows(IllegalArgumentException.class, () -> s.insert(4, 1));
        assertEquals(Shape.of(2, 3, 4), s);
    }

    @Test
    @DisplayName("dims is a defensive copy and of copies its argument")
    void immutability() {
        int[] dims = {2, 3};
        Shape s = Shape.of(dims);
        dims[0] = 9;
        s.dims()[1] = 9;
        assertEquals(Shape.of(2, 3), s);
    }

    @Test
    @DisplayName("endsWith matches trailing dimensions, and every shape ends with the scalar shape")
    void endsWith() {
        Shape s = Shape.of(2, 3, 4);
        assertTrue(s.endsWith(Shape.of(3, 4)));
        assertTrue(s.endsWith(Shape.of(2, 3, 4)));
        assertTrue(s.endsWith(Shape.scalar()));
        assertFalse(s.endsWith(Shape.of(2, 3)));
        assertFalse(s.endsWith(Shape.of(1, 2, 3, 4)));
    }

    @Test
    @DisplayName("strides are row-major")
    void strides() {
        assertArrayEquals(new int[] {12, 4, 1}, Shape.of(2, 3, 4).strides());
        assertArrayEquals(new int[0], Shape.scalar().strides());
    }

    @Test
    @DisplayName("the sizes before and after an axis are the products of the other dimensions")
    void sizesAroundAnAxis() {
        Shape s = Shape.of(2, 3, 4);
        assertEquals(1, s.sizeBefore(0));
        assertEquals(6, s.sizeBefore(2));
        assertEquals(24, s.sizeBefore(3));
        assertEquals(12, s.sizeAfter(0));
        assertEquals(1, s.sizeAfter(2));
        assertEquals(24, s.sizeAfter(-1));
    }

    @Test
    @DisplayName("negative dimensions are rejected, equality follows the dimensions")
    void validationAndEquality() {
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, -1));
        assertEquals(Shape.of(2, 3).hashCode(), Shape.of(2, 3).hashCode());
        assertNotEquals(Shape.of(2, 3), Shape.of(3, 2));
        assertEquals("[2, 3]", Shape.of(2, 3).toString());
    }
}
