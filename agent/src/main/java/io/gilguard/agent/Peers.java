package io.gilguard.agent;

import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who is on the other end of the control socket, where the JDK can say ({@code SO_PEERCRED},
 * module {@code jdk.net}, Linux and macOS). In a class of its own so that a run-time image
 * without {@code jdk.net} only loses this check: the socket file's mode still lets no other
 * user connect.
 */
final class Peers {
    private Peers() {}

    /** Whether the peer is the socket file's owner (this JVM's user) or root; true where it cannot be told. */
    static boolean sameUser(SocketChannel client, Path socket) {
        try {
            String peer = client.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED).user().getName();
            return peer.equals("root") || peer.equals(Files.getOwner(socket).getName());
        } catch (Throwable cannotTell) {
            return true;
        }
    }
}
