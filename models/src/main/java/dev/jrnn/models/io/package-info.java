/**
 * Safetensors reading and writing (PyTorch's tensor names and layout), with atomic writes and
 * loading errors that name the file, the tensor and what was expected.
 *
 * <p>{@link dev.jrnn.models.io.StateDict} saves and loads parameters as a PyTorch {@code state_dict}:
 * {@link dev.jrnn.models.io.StateDictKeys} maps parameter names to a module's keys
 * ({@code lstm.weight_ih_l0}) both ways, {@link dev.jrnn.models.io.LoadOptions#nonStrict()} loads what
 * matches and reports the rest ({@link dev.jrnn.models.io.LoadReport}), F16 and BF16 tensors load
 * upcast exactly and {@link dev.jrnn.models.io.SaveOptions#as} writes them, rounded to nearest even
 * ({@link dev.jrnn.models.io.HalfFloats}).
 *
 * <h2>The file-loading contract</h2>
 *
 * A model file is untrusted input. {@link dev.jrnn.models.io.Safetensors#read}, {@link
 * dev.jrnn.models.io.StateDict#load} and the loaders built on them (the forecaster's
 * {@code Forecaster.load} and {@code ForecastModel.load}, the CLI's {@code predict --model}, the
 * example's {@code generate --load}) either load a file or throw
 * {@link dev.jrnn.models.io.SafetensorsException}, whose message is {@code "<file>: <what was
 * wrong>"} naming the tensor or metadata key; {@link dev.jrnn.models.io.WeightsMismatchException}
 * is the subtype for a valid file of another model. No sequence of bytes makes them throw anything
 * else, allocate more than the file holds, recurse without bound or run for long; a plain
 * {@link java.io.IOException} means the file could not be read at all (a file that another process
 * truncates while it is memory-mapped is outside this contract). The command line prints the message
 * as one line and exits with code 2.
 *
 * <p>What is checked, in order, before any tensor data is read:
 * <ul>
 *   <li>the 8-byte little-endian header length: at most {@link dev.jrnn.models.io.LoadOptions#maxHeaderBytes()}
 *       (100 MiB by default) and within the file;</li>
 *   <li>the header, by jackson-core's streaming parser: valid UTF-8; JSON as RFC 8259 has it (no
 *       leading zeros or '+', no comments, single quotes or trailing commas, nothing but whitespace
 *       after the object); no duplicate keys; no lone surrogates; integers within a long; an object of
 *       tensor entries with exactly {@code dtype}, {@code shape} (at most 64 dimensions) and
 *       {@code data_offsets} (two integers), and an optional {@code __metadata__} object whose values
 *       are strings, as the format says. Nesting is bounded (the parser never descends into a value
 *       the format does not allow, and refuses more than 8 levels);</li>
 *   <li>every tensor: a supported dtype (F64, F32, F16, BF16, I64, I32), dimensions in {@code [0, 2^31-1]},
 *       element and byte counts computed with overflow checks, data offsets ordered and inside the
 *       data section, spanning exactly the tensor's bytes, and all tensors tiling the data section
 *       without overlap, gap or trailing bytes; each tensor at most {@code 2^31-9} elements, the
 *       most one Java array holds (a larger tensor is refused saying so).</li>
 * </ul>
 * Then, for a file jrnn wrote, its checksum: every file jrnn saves carries in {@code __metadata__}
 * the entry {@code jrnn.crc32c}, the CRC32C of all its bytes (written as {@code 00000000} in that
 * entry), and reading recomputes it over the whole file, so a flipped bit or an edit anywhere, in a
 * weight or a metadata value, which would otherwise leave a valid file, is refused
 * ({@code "<file>: checksum mismatch: ..."}), and so is a file whose metadata holds a key one bit
 * away from {@code jrnn.crc32c} (the checksum's key itself damaged). Checking reads the whole file
 * once: loading a 128 MiB file took 41-44 ms of CPU against 32-34 ms unchecked (JDK's CRC32C, 2-core
 * AMD EPYC). The entry is not part of
 * {@link dev.jrnn.models.io.SafetensorsFile#metadata()}, and a writer refuses it as a key. Files
 * written by others (PyTorch's {@code safetensors}) have no such entry and load unchecked; PyTorch
 * reads jrnn's files, the entry being one more metadata string.
 *
 * <p>Only then is the data touched: a data section up to 64 MiB is read with positional reads, a
 * larger one memory-mapped read-only in windows of 1 GiB, so files beyond 2 GiB load and only the
 * tensors asked for are decoded. Loading into parameters also refuses NaN and infinite values
 * (also values that overflow FLOAT32), naming the tensor and position, unless
 * {@link dev.jrnn.models.io.LoadOptions#allowingNonFinite()} is given; everything is checked before
 * any parameter changes.
 */
package dev.jrnn.models.io;
