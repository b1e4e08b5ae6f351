package io.gilguard.cli;

import io.gilguard.agent.Control;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The CLI's end of {@link Control}: one request, one answer, over the agent's socket. Connecting
 * is tried again until {@link Deadline#PATIENCE} is up; once the request is sent it is never
 * sent again (a detach must not run twice), and the answer is waited for as long as the target
 * takes to give it, up to {@link #ANSWER_PATIENCE}.
 */
final class ControlClient {
    /** A detach on a saturated machine retransforms every changed class: minutes, not seconds. */
    static final Duration ANSWER_PATIENCE = Duration.ofMinutes(5);

    private ControlClient() {}

    /**
     * The answer to {@code request}, its status line taken off; null when nothing listens there (no
     * socket, or one that no process serves: an agent never started, detached, or gone). A
     * refusal is the agent's one line, as a {@link CliError}.
     */
    static String ask(Target target, String request) {
        Path socket = Control.socketOf(target.pid);
        if (!Files.exists(socket)) {
            return null;
        }
        requireOwner(target, socket);
        SocketChannel channel = open(target, socket);
        if (channel == null) {
            return null;
        }
        String answer;
        try (channel) {
            answer = exchange(channel, request);
        } catch (AsynchronousCloseException e) {
            throw new CliError(Cli.TARGET, "gilguard: process " + target.pid + " gave no answer to '" + request + "' within "
                    + ANSWER_PATIENCE.toMinutes() + " min");
        } catch (IOException e) {
            throw target.lost(e);
        }
        int end = answer.indexOf('\n');
        String status = end < 0 ? answer : answer.substring(0, end);
        String rest = end < 0 ? "" : answer.substring(end + 1);
        if (status.equals(Control.DONE)) {
            return rest;
        }
        if (status.equals(Control.REFUSED)) {
            throw new CliError(Cli.TARGET, rest.strip());
        }
        throw new CliError(Cli.TARGET, "gilguard: process " + target.pid + " closed its control socket without an answer"
                + " to '" + request + "'" + (target.alive() ? "" : "; it has ended"));
    }

    /** A socket of another user where this process's should be is not talked to. */
    private static void requireOwner(Target target, Path socket) {
        try {
            Object theirs = Files.getAttribute(Path.of("/proc", Long.toString(target.pid)), "unix:uid");
            Object its = Files.getAttribute(socket, "unix:uid");
            if (!theirs.equals(its)) {
                throw new CliError(Cli.TARGET, "gilguard: " + socket + " belongs to another user than process "
                        + target.pid + "; not talking to it");
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException cannotTell) {
            // no /proc or no unix attributes: the socket's own mode is the protection
        }
    }

    /** Connected, or null if nothing serves the socket (a refused connection, a socket gone meanwhile). */
    private static SocketChannel open(Target target, Path socket) {
        Deadline deadline = Deadline.start();
        while (true) {
            SocketChannel channel = null;
            try {
                channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                channel.connect(UnixDomainSocketAddress.of(socket));
                return channel;
            } catch (ConnectException | NoSuchFileException nobody) {
                close(channel);
                return null;
            } catch (IOException e) {
                close(channel);
                if (!Files.exists(socket)) {
                    return null; // removed meanwhile: a detach, an exit
                }
                if (!target.alive() || !deadline.pause()) {
                    throw new CliError(Cli.TARGET, "gilguard: cannot connect to gilguard in process " + target.pid + " at "
                            + socket + ": " + e.getMessage());
                }
            }
        }
    }

    private static String exchange(SocketChannel channel, String request) throws IOException {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(ANSWER_PATIENCE.toMillis());
                channel.close();
            } catch (InterruptedException | IOException done) {
                // answered in time
            }
        }, "gilguard-answer-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            ByteBuffer out = ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                channel.write(out);
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(8192);
            while (channel.read(in) >= 0) {
                answer.write(in.array(), 0, in.position());
                in.clear();
            }
            return answer.toString(StandardCharsets.UTF_8);
        } finally {
            watchdog.interrupt();
        }
    }

    private static void close(SocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // never opened, nothing to close
            }
        }
    }
}
