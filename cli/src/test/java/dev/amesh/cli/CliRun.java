package dev.amesh.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process {@code amesh} invocation with its exit code, stdout and stderr. */
record CliRun(int code, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AmeshCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** stderr has exactly one line. */
    boolean oneErrorLine() {
        return !err.isBlank() && err.strip().lines().count() == 1;
    }

    @Override
    public String toString() {
        return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
}
