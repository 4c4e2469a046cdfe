package dev.jrnn.models.io;

import dev.jrnn.api.DType;

/** Element types of the safetensors format that jrnn reads and writes, by their header names. */
public enum SafetensorsDType {
    /** IEEE 754 double, 8 bytes little-endian. */
    F64(8),
    /** IEEE 754 float, 4 bytes little-endian. */
    F32(4),
    /** IEEE 754 binary16 (half), 2 bytes little-endian; loads upcast, exactly ({@link HalfFloats}). */
    F16(2),
    /** bfloat16, the upper half of a float, 2 bytes little-endian; loads upcast, exactly ({@link HalfFloats}). */
    BF16(2),
    /** Signed 64-bit integer, little-endian. */
    I64(8),
    /** Signed 32-bit integer, little-endian. */
    I32(4);

    private final int byteSize;

    SafetensorsDType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether elements are integers. */
    public boolean isInteger() {
        return this == I64 || this == I32;
    }

    /** The safetensors type that stores a jrnn tensor of {@code dtype} exactly. */
    public static SafetensorsDType of(DType dtype) {
        return dtype == DType.FLOAT32 ? F32 : F64;
    }

    /** Whether elements are 16-bit floats (F16, BF16), which jrnn computes with after upcasting. */
    public boolean isHalf() {
        return this == F16 || this == BF16;
    }

    /** The jrnn dtype a tensor of this type loads as: F32, F16 and BF16 as FLOAT32, every other as FLOAT64. */
    public DType toDType() {
        return this == F32 || isHalf() ? DType.FLOAT32 : DType.FLOAT64;
    }

    /** The type named {@code name} in a header, or null if jrnn does not support it. */
    static SafetensorsDType parse(String name) {
        for (SafetensorsDType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
