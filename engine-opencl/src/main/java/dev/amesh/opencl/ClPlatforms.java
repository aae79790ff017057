package dev.amesh.opencl;

import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_COMPUTE_UNITS;
import static org.jocl.CL.CL_DEVICE_MAX_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_SINGLE_FP_CONFIG;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_ACCELERATOR;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_TYPE_CPU;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_DEVICE_VERSION;
import static org.jocl.CL.CL_DEVICE_EXTENSIONS;
import static org.jocl.CL.CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.CL_PLATFORM_VERSION;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * Finds OpenCL platforms and devices through JOCL, once per process. Loading JOCL's native library,
 * finding no ICD loader (libOpenCL) or no platform all end in an {@link OpenClException} that says
 * what is missing; nothing here can take the JVM down.
 */
public final class ClPlatforms {
    private static List<ClDevice> devices;
    private static String failure;

    private ClPlatforms() {
    }

    /** Every device of every platform, in platform order; the position in the list is the device index. */
    public static synchronized List<ClDevice> devices() {
        if (devices == null && failure == null) {
            try {
                devices = List.copyOf(enumerate());
            } catch (OpenClException e) {
                failure = e.getMessage();
            } catch (CLException e) {
                failure = "OpenCL error while listing platforms: " + e.getMessage();
            } catch (LinkageError | RuntimeException e) {
                failure = loadFailure(e);
            }
        }
        if (failure != null) {
            throw new OpenClException(failure);
        }
        return devices;
    }

    /** Why OpenCL cannot be used here, or empty when at least one device was found. */
    public static String unavailableReason() {
        try {
            devices();
            return "";
        } catch (OpenClException e) {
            return e.getMessage();
        }
    }

    /**
     * The device for {@code index} (as listed), or for -1 the first GPU, else the first device.
     *
     * @throws IllegalArgumentException naming the devices when {@code index} is out of range
     */
    public static ClDevice select(int index) {
        List<ClDevice> all = devices();
        if (index >= 0) {
            if (index >= all.size()) {
                StringBuilder sb = new StringBuilder();
                for (ClDevice d : all) {
                    sb.append(sb.length() == 0 ? "" : "; ").append(d.describe());
                }
                throw new IllegalArgumentException("OpenCL device index " + index + " does not exist; devices: " + sb);
            }
            return all.get(index);
        }
        for (ClDevice d : all) {
            if (d.isGpu()) {
                return d;
            }
        }
        return all.get(0);
    }

    private static String loadFailure(Throwable e) {
        String text = String.valueOf(e.getMessage());
        if (text.contains("Implementation library could not be loaded")) {
            return "JOCL found no libOpenCL.so (" + e + "). JOCL opens the unversioned name, which distributions"
                    + " ship in their development package: install ocl-icd-opencl-dev (Debian/Ubuntu) or"
                    + " ocl-icd-devel, or put a link libOpenCL.so -> libOpenCL.so.1 on LD_LIBRARY_PATH; and an"
                    + " OpenCL platform such as pocl-opencl-icd or a GPU driver";
        }
        return "JOCL could not load its native library (" + e + "); OpenCL cannot be used from this JVM";
    }

    private static List<ClDevice> enumerate() {
        CL.setExceptionsEnabled(true);
        int[] count = new int[1];
        try {
            CL.clGetPlatformIDs(0, null, count);
        } catch (CLException e) {
            throw new OpenClException("no OpenCL platform found (" + e.getMessage()
                    + "); install a platform such as pocl-opencl-icd, or a GPU driver's ICD");
        }
        if (count[0] == 0) {
            throw new OpenClException("no OpenCL platform found; install a platform such as pocl-opencl-icd");
        }
        cl_platform_id[] platforms = new cl_platform_id[count[0]];
        CL.clGetPlatformIDs(platforms.length, platforms, null);
        List<ClDevice> list = new ArrayList<>();
        for (cl_platform_id p : platforms) {
            String platformName = platformString(p, CL_PLATFORM_NAME);
            String platformVersion = platformString(p, CL_PLATFORM_VERSION);
            int[] n = new int[1];
            try {
                CL.clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, n);
            } catch (CLException e) {
                continue; // a platform without devices (CL_DEVICE_NOT_FOUND) lists nothing
            }
            cl_device_id[] ids = new cl_device_id[n[0]];
            CL.clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, ids.length, ids, null);
            for (cl_device_id id : ids) {
                String extensions = deviceString(id, CL_DEVICE_EXTENSIONS);
                long fpConfig = deviceLong(id, CL_DEVICE_SINGLE_FP_CONFIG);
                list.add(new ClDevice(list.size(), platformName, platformVersion, deviceString(id, CL_DEVICE_NAME),
                        typeName(deviceLong(id, CL_DEVICE_TYPE)), (int) deviceInt(id, CL_DEVICE_MAX_COMPUTE_UNITS),
                        deviceLong(id, CL_DEVICE_GLOBAL_MEM_SIZE), deviceLong(id, CL_DEVICE_MAX_WORK_GROUP_SIZE),
                        deviceString(id, CL_DEVICE_VERSION), extensions.contains("cl_khr_fp64"),
                        (fpConfig & CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT) != 0, p, id));
            }
        }
        if (list.isEmpty()) {
            throw new OpenClException("OpenCL platforms were found but none has a device");
        }
        return list;
    }

    static String typeName(long type) {
        List<String> names = new ArrayList<>();
        if ((type & CL_DEVICE_TYPE_GPU) != 0) {
            names.add("GPU");
        }
        if ((type & CL_DEVICE_TYPE_CPU) != 0) {
            names.add("CPU");
        }
        if ((type & CL_DEVICE_TYPE_ACCELERATOR) != 0) {
            names.add("ACCELERATOR");
        }
        return names.isEmpty() ? "OTHER" : String.join("+", names);
    }

    private static String platformString(cl_platform_id p, int param) {
        long[] size = new long[1];
        CL.clGetPlatformInfo(p, param, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        CL.clGetPlatformInfo(p, param, bytes.length, Pointer.to(bytes), null);
        return cString(bytes);
    }

    static String deviceString(cl_device_id d, int param) {
        long[] size = new long[1];
        CL.clGetDeviceInfo(d, param, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        CL.clGetDeviceInfo(d, param, bytes.length, Pointer.to(bytes), null);
        return cString(bytes);
    }

    private static long deviceLong(cl_device_id d, int param) {
        long[] v = new long[1];
        CL.clGetDeviceInfo(d, param, Sizeof.cl_long, Pointer.to(v), null);
        return v[0];
    }

    private static long deviceInt(cl_device_id d, int param) {
        int[] v = new int[1];
        CL.clGetDeviceInfo(d, param, Sizeof.cl_int, Pointer.to(v), null);
        return v[0];
    }

    private static String cString(byte[] bytes) {
        int len = 0;
        while (len < bytes.length && bytes[len] != 0) {
            len++;
        }
        return new String(bytes, 0, len, StandardCharsets.UTF_8).trim();
    }
}
