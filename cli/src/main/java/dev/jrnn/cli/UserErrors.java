package dev.jrnn.cli;

import dev.jrnn.api.backend.BackendNotFoundException;
import dev.jrnn.api.backend.BackendUnavailableException;
import dev.jrnn.models.train.NonFiniteException;
import dev.jrnn.models.train.TrainingDivergedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Reports the user's mistakes (bad files, unknown names, a series too short for the window, an
 * output path that cannot be written, a learning rate so high that training diverges: a non-finite
 * loss, gradient or forecast, or a loss that ends far above where it started) as one line and exit
 * code {@value #USER_ERROR}; anything else is a bug and keeps its stack trace.
 */
public final class UserErrors implements CommandLine.IExecutionExceptionHandler {
    public static final int USER_ERROR = 2;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) throws Exception {
        if (isUserError(ex)) {
            cl.getErr().println("jrnn " + cl.getCommandName() + ": " + ex.getMessage());
            cl.getErr().flush();
            return USER_ERROR;
        }
        throw ex;
    }

    static boolean isUserError(Throwable ex) {
        return ex instanceof IllegalArgumentException || ex instanceof IOException || ex instanceof UncheckedIOException
                || ex instanceof BackendNotFoundException || ex instanceof BackendUnavailableException
                || ex instanceof NonFiniteException || ex instanceof TrainingDivergedException;
    }
}
