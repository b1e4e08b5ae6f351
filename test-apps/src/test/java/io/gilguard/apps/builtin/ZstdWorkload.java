package io.gilguard.apps.builtin;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * zstd-jni used correctly: byte arrays compressed and decompressed in one call, and streams,
 * each thread with its own, written and read in chunks at the default level, so that no native
 * step holds a stream's monitor long.
 */
public final class ZstdWorkload {
    private ZstdWorkload() {
    }

    public static void main(String[] args) throws Exception {
        byte[] data = text(1 << 20, 7);
        byte[] packed = Zstd.compress(data, 3);
        byte[] unpacked = Zstd.decompress(packed, data.length);
        System.out.println("array round trip " + Arrays.equals(data, unpacked));

        List<Thread> threads = new ArrayList<>();
        boolean[] ok = new boolean[2];
        for (int t = 0; t < 2; t++) {
            int id = t;
            Thread thread = new Thread(() -> ok[id] = streamRoundTrip(text(1 << 20, id)), "zstd-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        System.out.println("stream round trips " + ok[0] + " " + ok[1]);
    }

    private static boolean streamRoundTrip(byte[] data) {
        try {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            try (OutputStream out = new ZstdOutputStream(sink)) {
                for (int off = 0; off < data.length; off += 64 << 10) {
                    out.write(data, off, Math.min(64 << 10, data.length - off));
                }
            }
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(sink.toByteArray()))) {
                byte[] buffer = new byte[16 << 10];
                for (int n; (n = in.read(buffer)) != -1;) {
                    back.write(buffer, 0, n);
                }
            }
            return Arrays.equals(data, back.toByteArray());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Words drawn at random: compressible text. */
    static byte[] text(int size, long seed) {
        String[] words = new String[4096];
        java.util.Random random = new java.util.Random(seed);
        for (int i = 0; i < words.length; i++) {
            StringBuilder w = new StringBuilder();
            for (int j = 3 + random.nextInt(8); j > 0; j--) {
                w.append((char) ('a' + random.nextInt(26)));
            }
            words[i] = w.append(' ').toString();
        }
        StringBuilder b = new StringBuilder(size + 16);
        while (b.length() < size) {
            b.append(words[random.nextInt(words.length)]);
        }
        return b.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }
}
