package io.gilguard.apps.real;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;

/**
 * zstd-jni as applications use it: one stream, one large write at a high level. The stream's
 * {@code synchronized write} holds its monitor across every native compression step of the
 * write: JNI {@code compressStream} on JDK 17, the FFM downcall {@code ZSTD_compressStream2_simpleArgs}
 * on JDK 22+ (the jar is multi-release). A second thread that wants the stream waits meanwhile.
 */
public final class ZstdLongHold {
    private ZstdLongHold() {
    }

    public static void main(String[] args) throws Exception {
        byte[] data = text(4 << 20);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (ZstdOutputStream zstd = new ZstdOutputStream(sink, 19)) {
            zstd.write(data, 0, data.length); // @site:write
        }
        System.out.println("compressed " + data.length + " bytes to " + sink.size());
    }

    /** Words drawn at random: compressible, but not so much that compression is quick. */
    private static byte[] text(int size) {
        String[] words = new String[4096];
        Random random = new Random(42);
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
        return b.substring(0, size).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
