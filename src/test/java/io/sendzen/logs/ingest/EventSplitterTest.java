package io.sendzen.logs.ingest;

import io.sendzen.logs.shared.EventType;
import io.sendzen.logs.shared.Placeholder;
import io.sendzen.logs.support.Meta;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One delivery into its events, without a server. */
class EventSplitterTest {

    private static final String WABA = "102290129340398";
    private static final String PHONE = "106540352242922";

    private static List<SplitEvent> split(String body) throws RawJson.InvalidJson {
        return EventSplitter.split(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aDeliveryOfOneStatusIsOneEventWhosePayloadIsTheBodyAsSent() throws RawJson.InvalidJson {
        String wamid = Meta.wamid();
        String body = Meta.statuses(WABA, PHONE, Meta.status(wamid, "delivered", "16505551234")).replace(",", " ,\n ");
        SplitEvent event = split(body).get(0);
        assertEquals(1, split(body).size());
        assertEquals(body, event.payload());
        assertEquals(EventType.MESSAGE_STATUS, event.type());
        assertEquals(PHONE, event.phoneNumberId());
        assertEquals(WABA, event.wabaId());
        assertEquals("delivered", event.waStatus());
        assertEquals(wamid, event.messageId());
        assertEquals("16505551234", event.waId());
        assertNull(event.errorCode());
        assertEquals(PHONE, event.routeKey());
    }

    @Test
    void eachStatusOfABatchGetsTheEnvelopeWithItAloneInItsOriginalBytes() throws RawJson.InvalidJson {
        String first = Meta.status(Meta.wamid(), "sent", "16505551234");
        String second = "{\"id\":\"" + Meta.wamid() + "\", \"status\" : \"read\",\"timestamp\":\"1704067200\","
                + "\"recipient_id\":\"16505550000\",\"note\":\"caf\\u00e9 \\/\"}";
        String body = Meta.statuses(WABA, PHONE, first, second);
        List<SplitEvent> events = split(body);
        assertEquals(2, events.size());
        assertEquals(Meta.statuses(WABA, PHONE, first), events.get(0).payload());
        assertEquals(Meta.statuses(WABA, PHONE, second), events.get(1).payload(), "escapes and spacing kept as sent");
        assertEquals("read", events.get(1).waStatus());
        assertEquals("16505550000", events.get(1).waId());
        assertFalse(java.util.Arrays.equals(events.get(0).digest(), events.get(1).digest()));
    }

    @Test
    void theSameEventHasTheSameDigestInAnyDelivery() throws RawJson.InvalidJson {
        String status = Meta.status(Meta.wamid(), "delivered", "16505551234");
        byte[] alone = split(Meta.statuses(WABA, PHONE, status)).get(0).digest();
        byte[] inBatch = split(Meta.statuses(WABA, PHONE, Meta.status(Meta.wamid(), "sent", "1"), status)).get(1).digest();
        assertArrayEquals(alone, inBatch);
        assertEquals(32, alone.length);
    }

    @Test
    void anIncomingMessageKeepsOnlyItsSendersContact() throws RawJson.InvalidJson {
        String wamid = Meta.wamid();
        String message = Meta.textMessage(wamid, "16315551234", "Hello");
        String body = Meta.envelope(WABA, Meta.messagesChange(PHONE, "\"contacts\":[" + Meta.contact("19999999999", "Other")
                + "," + Meta.contact("16315551234", "Kerry") + "],\"messages\":[" + message + "," + message.replace(wamid, "x") + "]"));
        List<SplitEvent> events = split(body);
        assertEquals(2, events.size());
        SplitEvent event = events.get(0);
        assertEquals(EventType.INCOMING_MESSAGE, event.type());
        assertEquals(wamid, event.messageId());
        assertEquals("16315551234", event.waId());
        assertNull(event.waStatus());
        assertEquals(Meta.envelope(WABA, Meta.messagesChange(PHONE, "\"contacts\":[" + Meta.contact("16315551234", "Kerry")
                + "],\"messages\":[" + message + "]")), event.payload());
    }

    @Test
    void theErrorCodeIsTheFirstOfTheStatusOrElseOfTheChange() throws RawJson.InvalidJson {
        assertEquals(131047, split(Meta.statuses(WABA, PHONE, Meta.failedStatus(Meta.wamid(), "1", 131047)))
                .get(0).errorCode());
        String value = "\"statuses\":[" + Meta.status(Meta.wamid(), "failed", "1") + "],\"errors\":[{\"code\":131000}]";
        assertEquals(131000, split(Meta.envelope(WABA, Meta.messagesChange(PHONE, value))).get(0).errorCode());
        assertNull(split(Meta.statuses(WABA, PHONE, "{\"id\":\"w\",\"errors\":[{\"code\":\"not a number\"}]}"))
                .get(0).errorCode());
    }

    @Test
    void aWabaLevelChangeIsRoutedByItsWaba() throws RawJson.InvalidJson {
        String body = Meta.wabaLevel(WABA, "account_update", "{\"event\":\"VERIFIED_ACCOUNT\"}");
        SplitEvent event = split(body).get(0);
        assertEquals(EventType.OTHER, event.type());
        assertEquals(Placeholder.NONE, event.phoneNumberId());
        assertEquals("waba:" + WABA, event.routeKey());
        assertEquals(body, event.payload());
    }

    @Test
    void eachChangeOfAnEntryIsAnEventOfItsOwn() throws RawJson.InvalidJson {
        String templates = Meta.change("message_template_status_update", "{\"event\":\"APPROVED\"}");
        String quality = Meta.change("phone_number_quality_update", "{\"event\":\"FLAGGED\"}");
        List<SplitEvent> events = split(Meta.envelope(WABA, templates, quality));
        assertEquals(2, events.size());
        assertEquals(Meta.envelope(WABA, templates), events.get(0).payload());
        assertEquals(Meta.envelope(WABA, quality), events.get(1).payload());
    }

    @Test
    void aBodyOfAnotherShapeIsOneOtherEventKeptWhole() throws RawJson.InvalidJson {
        for (String body : List.of("{}", "[1,2]", "\"text\"", "{\"entry\":[]}", "{\"entry\":\"x\"}", "42")) {
            List<SplitEvent> events = split(body);
            assertEquals(1, events.size(), body);
            assertEquals(EventType.OTHER, events.get(0).type(), body);
            assertEquals(body, events.get(0).payload(), body);
            assertEquals(Placeholder.NONE, events.get(0).routeKey(), body);
        }
    }

    @Test
    void nulIsDroppedFromTheFilterColumns() throws RawJson.InvalidJson {
        SplitEvent event = split(Meta.statuses(WABA, PHONE, Meta.status("wamid.a\\u0000b", "sent", "1"))).get(0);
        assertEquals("wamid.ab", event.messageId());
        assertTrue(event.payload().contains("wamid.a\\u0000b"), "the payload keeps the escape as sent");
    }

    @Test
    void aBodyThatIsNotJsonIsRefused() {
        assertThrows(RawJson.InvalidJson.class, () -> split("{\"entry\":"));
    }
}
