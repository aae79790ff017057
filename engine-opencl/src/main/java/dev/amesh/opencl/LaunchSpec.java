package dev.amesh.opencl;

import java.util.List;

/**
 * One kernel launch of a lowered node, before any OpenCL object exists: the program (resource file and
 * defines), the kernel, its arguments ({@link Place}s expand to a buffer and an int offset; Integers are
 * int arguments) and how many work items it needs (1-D).
 */
record LaunchSpec(String file, String kernel, String defines, List<Object> args, long workItems) {

    /** Where an operand lives: in the activation arena or the packed weights, at a float offset. */
    record Place(boolean weights, int offset) {
    }
}
