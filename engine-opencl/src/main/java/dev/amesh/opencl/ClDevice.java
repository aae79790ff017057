package dev.amesh.opencl;

import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * One OpenCL device as listed by {@link ClPlatforms#devices()}: {@code index} counts devices across all
 * platforms in platform order, which is the number {@code BackendOptions.withDevice(n)} takes.
 */
public record ClDevice(int index, String platformName, String platformVersion, String name, String type,
        int computeUnits, long globalMemBytes, long maxWorkGroupSize, String openClVersion, boolean fp64,
        boolean correctlyRoundedDivide, cl_platform_id platform, cl_device_id id) {

    public boolean isGpu() {
        return type.contains("GPU");
    }

    /** {@code #0 pthread-skylake (Portable Computing Language, CPU)}, for messages. */
    public String describe() {
        return "#" + index + " " + name + " (" + platformName + ", " + type + ")";
    }
}
