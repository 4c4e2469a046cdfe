package dev.jrnn.backend.nd4j;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenMP thread count of the calling thread, as oneDNN's sgemm sees it. OpenMP keeps that
 * count per thread ({@code omp_set_num_threads} changes the caller's own), so a thread set to one
 * runs its sgemm calls on itself alone, with no OpenMP team to wake and join. The functions are
 * those of the libgomp that oneDNN's natives are linked against, looked up through JNA from
 * oneDNN's JNI library and bound as JNA direct methods: a time loop may call them at every step, and
 * a direct call costs about what a JNI call does, where JNA's reflective {@code Function.invoke}
 * boxed its arguments and allocated at each call.
 */
final class OmpThreads {
    private static final Logger LOG = LoggerFactory.getLogger(OmpThreads.class);
    private static final ThreadLocal<Boolean> SINGLE = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private static volatile Boolean available;

    private OmpThreads() {
    }

    /** Whether the thread count can be changed; looks the functions up on the first call. */
    static boolean available() {
        Boolean a = available;
        return a != null ? a : lookUp();
    }

    private static synchronized boolean lookUp() {
        if (available != null) {
            return available;
        }
        boolean ok = false;
        try {
            NativeLibrary lib = NativeLibrary.getInstance(Loader.load(dnnl.class));
            Native.register(Omp.class, lib);
            ok = Omp.omp_get_max_threads() > 0;
        } catch (Throwable t) {
            LOG.info("nd4j backend: OpenMP's thread count cannot be set ({}); time loops use oneDNN's own threads",
                    t.toString());
        }
        available = ok;
        return ok;
    }

    /** The calling thread's OpenMP thread count for its next parallel region. */
    static int get() {
        return Omp.omp_get_max_threads();
    }

    /** Sets the calling thread's OpenMP thread count; returns the previous one. */
    static int set(int threads) {
        int previous = get();
        if (previous != threads) {
            Omp.omp_set_num_threads(threads);
        }
        SINGLE.set(threads == 1);
        return previous;
    }

    /** Whether this class last set the calling thread's count to one. */
    static boolean isSingle() {
        return SINGLE.get();
    }

    /** Sets the calling thread's count to one unless it already is (for jrnn's own worker threads). */
    static void single() {
        if (!SINGLE.get()) {
            set(1);
        }
    }

    /** OpenMP's functions, bound by {@link Native#register} once {@link #available()} found them. */
    @SuppressWarnings("checkstyle:MethodName")
    private static final class Omp {
        private Omp() {
        }

        static native int omp_get_max_threads();

        static native void omp_set_num_threads(int threads);
    }
}
