package io.sendzen.logs.flyout;

import io.agroal.api.AgroalDataSource;
import io.sendzen.logs.support.Admin;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

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
}
