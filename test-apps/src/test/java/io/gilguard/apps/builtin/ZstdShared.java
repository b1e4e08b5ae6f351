package io.gilguard.apps.builtin;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.ByteArrayOutputStream;

/**
 * One compressing stream shared by two threads. With {@code shared}: thread "zstd-writer" writes
 * 4 MB at level 19 in one call; the stream's synchronized write holds its monitor across the
 * whole native compression, and main, which writes a line to the same stream meanwhile, waits
 * for all of it. With {@code own}, the fixed twin: each thread its own stream, the writer
 * writing in 64 KB chunks at the default level.
 */
public final class ZstdShared {
    private ZstdShared() {
    }

    public static void main(String[] args) throws Exception {
        boolean shared = args[0].equals("shared");
        byte[] data = ZstdWorkload.text(4 << 20, 42);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ByteArrayOutputStream mainSink = new ByteArrayOutputStream();
        try (ZstdOutputStreamNoFinalizer stream = new ZstdOutputStreamNoFinalizer(sink, shared ? 19 : 3);
             ZstdOutputStreamNoFinalizer own = new ZstdOutputStreamNoFinalizer(mainSink)) {
            System.out.println("stream=" + stream.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(stream)));
            Thread writer = new Thread(() -> {
                try {
                    if (shared) {
                        stream.write(data, 0, data.length);
                    } else {
                        for (int off = 0; off < data.length; off += 64 << 10) {
                            stream.write(data, off, Math.min(64 << 10, data.length - off));
                        }
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, "zstd-writer");
            writer.start();
            if (shared) {
                // until the writer is inside its write, holding the stream's monitor
                while (!Monitors.holds(writer, stream) && writer.isAlive()) {
                    Thread.sleep(1);
                }
            }
            byte[] line = "main was here\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            (shared ? stream : own).write(line, 0, line.length);
            System.out.println("main wrote " + (shared ? "to the shared stream" : "to its own stream"));
            writer.join();
        }
        System.out.println("compressed " + data.length + " bytes");
    }
}
