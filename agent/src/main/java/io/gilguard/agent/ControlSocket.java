package io.gilguard.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Function;

/**
 * The agent's end of {@link Control}: a daemon thread, {@code gilguard-control}, blocked in
 * {@code accept} (it costs nothing until a command comes), answering one request per
 * connection, one at a time. Only this user (and root) can connect: the socket is made under a
 * temporary name, given mode {@code rw-------}, then renamed into place, as the JVM does with its
 * attach socket; where the JDK can say who connected ({@code SO_PEERCRED}), that is checked too.
 */
final class ControlSocket implements AutoCloseable {
    private static final int MAX_REQUEST = 256;

    private final ServerSocketChannel server;
    private final Path path;
    private final Function<String, String> answers;

    private ControlSocket(ServerSocketChannel server, Path path, Function<String, String> answers) {
        this.server = server;
        this.path = path;
        this.answers = answers;
    }

    /**
     * Listens at {@link Control#socket} of this process; {@code answers} turns a request line into
     * the whole answer ({@link Control#DONE} or {@link Control#REFUSED} first).
     */
    static ControlSocket open(Function<String, String> answers) throws IOException {
        Path path = Control.socket(ProcessHandle.current().pid());
        Path temp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(temp));
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the directory's own protection is all there is
            }
            // A stale socket of an earlier process with this id is replaced.
            Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(temp);
            throw e;
        }
        path.toFile().deleteOnExit();
        ControlSocket socket = new ControlSocket(server, path, answers);
        Thread thread = new Thread(socket::serve, "gilguard-control");
        thread.setDaemon(true);
        thread.start();
        return socket;
    }

    /** {@link #open}, or null with the reason added to {@code notes}: the agent runs on without it. */
    static ControlSocket start(Function<String, String> answers, List<String> notes) {
        try {
            return open(answers);
        } catch (IOException | RuntimeException e) {
            notes.add("gilguard: no control socket at " + Control.socket(ProcessHandle.current().pid())
                    + " (report and detach cannot reach this JVM): " + e);
            return null;
        }
    }

    private void serve() {
        while (true) {
            try (SocketChannel client = server.accept()) {
                answer(client);
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException | RuntimeException e) {
                // that client went away; the next one is served
            }
        }
    }

    private void answer(SocketChannel client) throws IOException {
        if (!Peers.sameUser(client, path)) {
            return;
        }
        String request = readLine(client);
        String answer;
        try {
            answer = answers.apply(request);
        } catch (RuntimeException | Error e) {
            answer = Control.REFUSED + "\ngilguard: " + request + " failed in process " + ProcessHandle.current().pid()
                    + ": " + e + "\n";
        }
        ByteBuffer bytes = ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            client.write(bytes);
        }
    }

    /** The request: the bytes up to the first line end (at most {@link #MAX_REQUEST}). */
    private static String readLine(SocketChannel client) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (line.size() < MAX_REQUEST) {
            one.clear();
            if (client.read(one) < 0) {
                break;
            }
            byte b = one.get(0);
            if (b == '\n') {
                break;
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.UTF_8).trim();
    }

    /** Stops listening and removes the socket; the thread ends. Closing twice is harmless. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // closed either way
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // a file left behind is replaced by the next agent with this process id
        }
    }
}
