package io.sendzen.logs.flyout;

import io.agroal.api.AgroalDataSource;
import io.sendzen.logs.support.Admin;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A fresh project with a phone number, and a loopback receiver for its forwards, for each test. */
abstract class ReceiverFixture {

    @Inject
    AgroalDataSource dataSource;

    Receiver receiver;
    String project;
    String phone;

    @BeforeEach
    void setUp() {
        receiver = Receiver.start();
        project = Admin.createProject();
        phone = Admin.addPhoneNumber(project);
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    /** What a hand-written server does with each connection, after reading the request. */
    interface Misbehaviour {
        void answer(Socket socket) throws IOException;
    }

    /** A TCP server on loopback that reads each request and answers it as {@code misbehaviour} says. */
    static ServerSocket rawServer(Misbehaviour misbehaviour) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    socket.getInputStream().read(new byte[8192]);
                    misbehaviour.answer(socket);
                } catch (IOException e) {
                    return;
                }
            }
        });
        thread.setDaemon(true);
        thread.start();
        return server;
    }
}
