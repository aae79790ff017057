package dev.amesh.cli;

import dev.amesh.opencl.ClDevice;
import dev.amesh.opencl.ClPlatforms;
import dev.amesh.opencl.OpenClException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code amesh devices}: every OpenCL device of every platform with the index that
 * {@code --backend opencl --device N} takes; {@code *} marks the one chosen when no index is given.
 */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = {"List the OpenCL platforms and devices (the index is what --device takes; * marks the"
                + " default: the first GPU, else the first device)."})
final class DevicesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<ClDevice> devices;
        try {
            devices = ClPlatforms.devices();
        } catch (OpenClException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("no OpenCL device: " + e.getMessage());
            err.flush();
            return 1;
        }
        int chosen = ClPlatforms.select(-1).index();
        out.println(String.format(Locale.ROOT, "  %-5s %-28s %-36s %-8s %5s %10s  %s", "index", "platform", "device",
                "type", "CUs", "memory", "OpenCL"));
        for (ClDevice d : devices) {
            out.println(String.format(Locale.ROOT, "%s %-5d %-28s %-36s %-8s %5d %7d MiB  %s%s",
                    d.index() == chosen ? "*" : " ", d.index(), clip(d.platformName(), 28), clip(d.name(), 36),
                    d.type(), d.computeUnits(), d.globalMemBytes() >> 20, d.openClVersion(),
                    d.fp64() ? "" : " (no fp64)"));
        }
        out.flush();
        return 0;
    }

    private static String clip(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "~";
    }
}
