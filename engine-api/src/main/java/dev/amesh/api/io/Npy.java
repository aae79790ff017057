package dev.amesh.api.io;

import dev.amesh.api.tensor.Shape;
import dev.amesh.api.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * NumPy {@code .npy} files (format version 1.0, see numpy.lib.format). Writes little-endian float32 in C
 * order. Reads versions 1.0, 2.0 and 3.0 holding {@code <f4}, {@code <f8}, {@code <i4} or {@code <i8}
 * in C order; wider types are narrowed to float32 on read. Fortran order and big-endian data are
 * rejected with a message that says so.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy pads magic + version + length + header to a multiple of this. */
    private static final int ALIGNMENT = 64;
    /** NumPy itself refuses headers longer than this by default; anything bigger is not a real header. */
    private static final int MAX_HEADER_BYTES = 1 << 16;

    private Npy() {
    }

    /** Reads {@code file}; the tensor is named after the file name without {@code .npy}. */
    public static Tensor read(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.endsWith(".npy")) {
            name = name.substring(0, name.length() - 4);
        }
        try {
            long size = Files.size(file);
            byte[] prefix;
            try (InputStream in = Files.newInputStream(file)) {
                prefix = in.readNBytes((int) Math.min(size, 12 + MAX_HEADER_BYTES));
            }
            // Checks the header against the file size before reading a possibly huge file.
            Layout layout = layout(prefix, size);
            return decode(Files.readAllBytes(file), layout, name);
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Parses a whole {@code .npy} file held in memory. */
    public static Tensor read(byte[] bytes, String name) throws IOException {
        return decode(bytes, layout(bytes, bytes.length), name);
    }

    private record Layout(Header header, int dataStart) {
    }

    private static Layout layout(byte[] prefix, long fileLength) throws IOException {
        if (prefix.length < MAGIC.length + 4) {
            throw new IOException("not a .npy file: only " + prefix.length + " bytes");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (prefix[i] != MAGIC[i]) {
                throw new IOException("not a .npy file: missing the \\x93NUMPY magic");
            }
        }
        int major = prefix[6] & 0xff;
        ByteBuffer buf = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen;
        int headerStart;
        if (major == 1) {
            headerLen = buf.getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (prefix.length < 12) {
                throw new IOException("truncated .npy header");
            }
            headerLen = buf.getInt(8) & 0xffffffffL;
            headerStart = 12;
        } else {
            throw new IOException("unsupported .npy format version " + major + "." + (prefix[7] & 0xff));
        }
        if (headerLen > MAX_HEADER_BYTES || headerStart + headerLen > prefix.length) {
            throw new IOException("header length " + headerLen + " does not fit in the file of " + fileLength
                    + " bytes");
        }
        String text = new String(prefix, headerStart, (int) headerLen,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Header h = Header.parse(text);
        int dataStart = headerStart + (int) headerLen;
        long expected = (long) h.shape.numElements() * h.type.size;
        long actual = fileLength - dataStart;
        if (actual != expected) {
            throw new IOException("shape " + h.shape + " of " + h.type.descr + " needs " + expected
                    + " data bytes but the file has " + actual + (actual < expected ? " (truncated)" : ""));
        }
        return new Layout(h, dataStart);
    }

    private static Tensor decode(byte[] bytes, Layout layout, String name) throws IOException {
        Header h = layout.header;
        int dataStart = layout.dataStart;
        if ((long) bytes.length - dataStart != (long) h.shape.numElements() * h.type.size) {
            throw new IOException("file changed while it was read");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] data = new float[h.shape.numElements()];
        switch (h.type) {
            case F4 -> buf.position(dataStart).slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
            case F8 -> {
                for (int i = 0; i < data.length; i++) {
                    data[i] = (float) buf.getDouble(dataStart + 8 * i);
                }
            }
            case I4 -> {
                for (int i = 0; i < data.length; i++) {
                    data[i] = buf.getInt(dataStart + 4 * i);
                }
            }
            case I8 -> {
                for (int i = 0; i < data.length; i++) {
                    data[i] = buf.getLong(dataStart + 8 * i);
                }
            }
        }
        return new Tensor(name, h.shape, data, 0);
    }

    /** The {@code .npy} v1.0 bytes of {@code tensor} as {@code <f4}, C order. */
    public static byte[] toBytes(Tensor tensor) {
        byte[] header = header(tensor.shape());
        ByteBuffer buf = ByteBuffer.allocate(header.length + 4 * tensor.size()).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(header);
        buf.asFloatBuffer().put(tensor.data(), tensor.offset(), tensor.size());
        return buf.array();
    }

    /** Writes {@code tensor} to {@code file} through a temporary file, so a reader never sees half a file. */
    public static void write(Path file, Tensor tensor) throws IOException {
        Path abs = file.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".tmp");
        try {
            Files.write(tmp, toBytes(tensor));
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Magic, version 1.0, length and the space-padded dict, together a multiple of 64 bytes. */
    static byte[] header(Shape shape) {
        StringBuilder dims = new StringBuilder("(");
        for (int i = 0; i < shape.rank(); i++) {
            dims.append(shape.dim(i)).append(i == 0 && shape.rank() == 1 ? "," : "");
            if (i < shape.rank() - 1) {
                dims.append(", ");
            }
        }
        dims.append(')');
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + dims + ", }";
        int unpadded = 10 + dict.length() + 1;
        int padded = (unpadded + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        String text = dict + " ".repeat(padded - unpadded) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length());
        buf.put(text.getBytes(StandardCharsets.ISO_8859_1));
        return buf.array();
    }

    private enum ElementType {
        F4("<f4", 4), F8("<f8", 8), I4("<i4", 4), I8("<i8", 8);

        final String descr;
        final int size;

        ElementType(String descr, int size) {
            this.descr = descr;
            this.size = size;
        }

        static ElementType of(String descr) throws IOException {
            for (ElementType t : values()) {
                if (t.descr.equals(descr)) {
                    return t;
                }
            }
            if (descr.startsWith(">")) {
                throw new IOException("big-endian data ('" + descr + "') is not supported; save it little-endian,"
                        + " e.g. with arr.astype('<f4')");
            }
            throw new IOException("element type '" + descr + "' is not supported; use float32 ('<f4'), float64,"
                    + " int32 or int64");
        }
    }

    /** The header dict: {@code {'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }}. */
    private record Header(ElementType type, Shape shape) {
        static Header parse(String text) throws IOException {
            DictParser p = new DictParser(text);
            String descr = null;
            Boolean fortran = null;
            int[] shape = null;
            p.expect('{');
            while (!p.tryConsume('}')) {
                String key = p.string();
                p.expect(':');
                switch (key) {
                    case "descr" -> descr = p.string();
                    case "fortran_order" -> fortran = p.bool();
                    case "shape" -> shape = p.intTuple();
                    default -> throw new IOException("unexpected key '" + key + "' in .npy header: " + text.trim());
                }
                if (!p.tryConsume(',')) {
                    p.expect('}');
                    break;
                }
            }
            if (descr == null || fortran == null || shape == null) {
                throw new IOException(".npy header lacks descr, fortran_order or shape: " + text.trim());
            }
            ElementType type = ElementType.of(descr);
            if (fortran) {
                throw new IOException("Fortran-order arrays are not supported; save a C-order array"
                        + " (numpy.ascontiguousarray)");
            }
            try {
                return new Header(type, Shape.of(shape));
            } catch (IllegalArgumentException e) {
                throw new IOException("bad shape in .npy header: " + e.getMessage(), e);
            }
        }
    }

    /** Just enough of Python's literal syntax for the header dict. */
    private static final class DictParser {
        private final String s;
        private int pos;

        DictParser(String s) {
            this.s = s;
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        boolean tryConsume(char c) {
            skipSpace();
            if (pos < s.length() && s.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        void expect(char c) throws IOException {
            if (!tryConsume(c)) {
                throw error("expected '" + c + "'");
            }
        }

        String string() throws IOException {
            skipSpace();
            if (pos >= s.length() || (s.charAt(pos) != '\'' && s.charAt(pos) != '"')) {
                throw error("expected a quoted string");
            }
            char quote = s.charAt(pos++);
            int end = s.indexOf(quote, pos);
            if (end < 0) {
                throw error("unterminated string");
            }
            String v = s.substring(pos, end);
            pos = end + 1;
            return v;
        }

        boolean bool() throws IOException {
            skipSpace();
            if (s.startsWith("True", pos)) {
                pos += 4;
                return true;
            }
            if (s.startsWith("False", pos)) {
                pos += 5;
                return false;
            }
            throw error("expected True or False");
        }

        int[] intTuple() throws IOException {
            expect('(');
            List<Integer> dims = new ArrayList<>();
            while (!tryConsume(')')) {
                skipSpace();
                int start = pos;
                while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                    pos++;
                }
                if (start == pos || pos - start > 10) {
                    throw error("expected a dimension");
                }
                long d = Long.parseLong(s.substring(start, pos));
                if (d > Integer.MAX_VALUE) {
                    throw error("dimension " + d + " is too large");
                }
                dims.add((int) d);
                if (!tryConsume(',')) {
                    expect(')');
                    break;
                }
            }
            int[] out = new int[dims.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = dims.get(i);
            }
            return out;
        }

        private IOException error(String what) {
            return new IOException("malformed .npy header (" + what + " at character " + pos + "): " + s.trim());
        }
    }
}
