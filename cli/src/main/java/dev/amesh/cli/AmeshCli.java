package dev.amesh.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * The {@code amesh} command. Every failure prints one line to stderr (the stack trace only with
 * {@code --verbose}) and exits with 2 for usage errors or 1 for anything else.
 */
@Command(name = "amesh", mixinStandardHelpOptions = true, version = AmeshCli.VERSION,
        description = "Pure-Java inference for MediaPipe's Attention Mesh face landmark models.",
        subcommands = {
            ModelsCommand.class,
            ConvertCommand.class,
            RunCommand.class,
            DetectCommand.class,
            DevicesCommand.class,
            InspectCommand.class,
            DumpCommand.class,
            ProfileCommand.class,
            AttentionCommand.class,
            // Commands from other parts of amesh go here (detect, inspect, ...), one class per line.
        })
public final class AmeshCli implements Runnable {
    static final String VERSION = "amesh 0.1.0";

    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command; try amesh --help");
    }

    public static void main(String[] args) {
        // The engine logs through java.util.logging (e.g. which kernels a backend chose); one plain line each.
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "amesh: %5$s%6$s%n");
        }
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line and returns its exit code: 0 done, 1 failed, 2 usage error. */
    static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new AmeshCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, arguments) -> {
            CommandLine cmd = ex.getCommandLine();
            err.println(cmd.getCommandName().equals("amesh") ? "amesh: " + ex.getMessage()
                    : "amesh " + cmd.getCommandName() + ": " + ex.getMessage() + " (see amesh "
                    + qualifiedName(cmd) + " --help)");
            if (isVerbose(cl.getParseResult())) {
                ex.printStackTrace(err);
            }
            err.flush();
            return CommandLine.ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            err.println("amesh " + cmd.getCommandName() + ": " + oneLine(ex));
            if (isVerbose(parseResult)) {
                ex.printStackTrace(err);
            }
            err.flush();
            return CommandLine.ExitCode.SOFTWARE;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static String qualifiedName(CommandLine cmd) {
        String name = cmd.getCommandName();
        CommandLine parent = cmd.getParent();
        while (parent != null && parent.getParent() != null) {
            name = parent.getCommandName() + " " + name;
            parent = parent.getParent();
        }
        return name;
    }

    private static boolean isVerbose(ParseResult result) {
        for (ParseResult r = result; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** The message a user needs, on one line. */
    static String oneLine(Throwable ex) {
        Throwable t = ex instanceof UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
        String msg = t.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = t.getClass().getSimpleName();
        } else if (t instanceof OutOfMemoryError) {
            msg = "out of memory (" + msg + "); give Java more with JAVA_OPTS=-Xmx4g";
        }
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl);
    }
}
