package io.sendzen.logs.ingest;

import io.sendzen.logs.ingest.RawJson.Arr;
import io.sendzen.logs.ingest.RawJson.Member;
import io.sendzen.logs.ingest.RawJson.Node;
import io.sendzen.logs.ingest.RawJson.Obj;
import io.sendzen.logs.ingest.RawJson.Scalar;
import io.sendzen.logs.ingest.RawJson.Str;
import io.sendzen.logs.shared.EventType;
import io.sendzen.logs.shared.Hashes;
import io.sendzen.logs.shared.Placeholder;
import io.sendzen.logs.shared.SearchText;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns one delivery from Meta into one event per status, per incoming message and per other change (see
 * docs/meta-webhooks.md). Each payload is Meta's envelope reduced to that event, built from the original bytes.
 */
public final class EventSplitter {

    private EventSplitter() {
    }

    /** @throws RawJson.InvalidJson when the body is not JSON at all */
    public static List<SplitEvent> split(byte[] body) throws RawJson.InvalidJson {
        Node root = RawJson.parse(body);
        List<SplitEvent> events = new ArrayList<>();
        if (root instanceof Obj envelope && envelope.get("entry") instanceof Arr entries && !entries.items().isEmpty()) {
            for (Node entry : entries.items()) {
                new Delivery(body, envelope, entry).splitInto(events);
            }
        }
        if (events.isEmpty()) {
            events.add(unexpectedShape(body));
        }
        if (events.size() == 1) {
            // one event: the payload is the body exactly as it arrived
            events.set(0, events.get(0).withPayload(new String(body, StandardCharsets.UTF_8)));
        }
        return events;
    }

    private static SplitEvent unexpectedShape(byte[] body) {
        return new SplitEvent(EventType.OTHER, Placeholder.NONE, null, new String(body, StandardCharsets.UTF_8),
                null, null, null, null, Placeholder.NONE, digest("body", body, 0, body.length), "", null, null);
    }

    /** The parts of one entry of a delivery, and how to write an envelope around one of its events. */
    private record Delivery(byte[] body, Obj envelope, Node entry) {

        void splitInto(List<SplitEvent> events) {
            String wabaId = entry instanceof Obj e ? text(e.get("id")) : null;
            if (!(entry instanceof Obj e) || !(e.get("changes") instanceof Arr changes) || changes.items().isEmpty()) {
                events.add(other(wabaId, null, raw(entry), raw(entry)));
                return;
            }
            for (Node change : changes.items()) {
                splitChange(wabaId, change, events);
            }
        }

        private void splitChange(String wabaId, Node change, List<SplitEvent> events) {
            if (!(change instanceof Obj c)) {
                events.add(other(wabaId, null, entryWith(raw(change)), raw(change)));
                return;
            }
            Node value = c.get("value");
            String field = text(c.get("field"));
            if ("messages".equals(field) && value instanceof Obj v) {
                int before = events.size();
                if (v.get("statuses") instanceof Arr statuses) {
                    for (Node status : statuses.items()) {
                        events.add(status(wabaId, c, v, status));
                    }
                }
                if (v.get("messages") instanceof Arr messages) {
                    for (Node message : messages.items()) {
                        events.add(message(wabaId, c, v, message));
                    }
                }
                if (events.size() > before) {
                    return;
                }
            }
            events.add(other(wabaId, value instanceof Obj v ? v : null, entryWith(raw(change)), raw(change)));
        }

        private SplitEvent status(String wabaId, Obj change, Obj value, Node status) {
            Obj s = status instanceof Obj o ? o : null;
            byte[] reducedValue = object(value, m -> switch (m.name()) {
                case "messages", "contacts" -> null;
                case "statuses" -> arrayOf(raw(status));
                default -> raw(m.value());
            });
            Integer error = s == null ? null : firstErrorCode(s.get("errors"));
            if (error == null) {
                error = firstErrorCode(value.get("errors"));
            }
            SearchText.Document search = new SearchText.Document();
            String category = null;
            if (s != null) {
                errorTexts(s.get("errors"), search);
                if (s.get("pricing") instanceof Obj pricing) {
                    category = category(text(pricing.get("category")));
                }
            }
            errorTexts(value.get("errors"), search);
            return event(EventType.MESSAGE_STATUS, wabaId, value, change, reducedValue, status,
                    s == null ? null : text(s.get("status")),
                    s == null ? null : text(s.get("id")),
                    s == null ? null : text(s.get("recipient_id")),
                    error, search, category, null);
        }

        private SplitEvent message(String wabaId, Obj change, Obj value, Node message) {
            Obj msg = message instanceof Obj o ? o : null;
            String from = msg == null ? null : text(msg.get("from"));
            byte[] reducedValue = object(value, m -> switch (m.name()) {
                case "statuses" -> null;
                case "contacts" -> contactsOf(m.value(), from);
                case "messages" -> arrayOf(raw(message));
                default -> raw(m.value());
            });
            Integer error = msg == null ? null : firstErrorCode(msg.get("errors"));
            if (error == null) {
                error = firstErrorCode(value.get("errors"));
            }
            SearchText.Document search = new SearchText.Document();
            if (msg != null) {
                messageTexts(msg, search);
                errorTexts(msg.get("errors"), search);
            }
            contactNames(value.get("contacts"), from, search);
            errorTexts(value.get("errors"), search);
            return event(EventType.INCOMING_MESSAGE, wabaId, value, change, reducedValue, message,
                    null, msg == null ? null : text(msg.get("id")), from, error, search, null, null);
        }

        private SplitEvent event(EventType type, String wabaId, Obj value, Obj change, byte[] reducedValue, Node item,
                                 String status, String messageId, String waId, Integer errorCode,
                                 SearchText.Document search, String category, String templateName) {
            byte[] reducedChange = object(change, m -> m.name().equals("value") ? reducedValue : raw(m.value()));
            String phone = phoneNumberId(value);
            String payload = new String(wrapEntry(reducedChange), StandardCharsets.UTF_8);
            return new SplitEvent(type, phone, wabaId, payload, status, messageId, waId, errorCode,
                    routeKey(phone, wabaId), digest(type.label(), body, item.start(), item.end()),
                    search.lexemes(messageId, waId), category, templateName);
        }

        private SplitEvent other(String wabaId, Obj value, byte[] entryPart, byte[] eventBytes) {
            String phone = phoneNumberId(value);
            String payload = new String(wrapEnvelope(entryPart), StandardCharsets.UTF_8);
            SearchText.Document search = new SearchText.Document();
            String template = null;
            if (value != null) {
                template = text(value.get("message_template_name"));
                search.add(template);
                errorTexts(value.get("errors"), search);
            }
            return new SplitEvent(EventType.OTHER, phone, wabaId, payload, null, null, null,
                    value == null ? null : firstErrorCode(value.get("errors")),
                    routeKey(phone, wabaId), digest(EventType.OTHER.label(), eventBytes, 0, eventBytes.length),
                    search.lexemes(null, null), null, template);
        }

        /** The entry with {@code changes} reduced to one change, inside the envelope. */
        private byte[] wrapEntry(byte[] change) {
            return wrapEnvelope(entryWith(change));
        }

        /** The entry with {@code changes} reduced to one change. */
        private byte[] entryWith(byte[] change) {
            if (!(entry instanceof Obj e)) {
                return raw(entry);
            }
            return object(e, m -> m.name().equals("changes") ? arrayOf(change) : raw(m.value()));
        }

        private byte[] wrapEnvelope(byte[] entryPart) {
            return object(envelope, m -> m.name().equals("entry") ? arrayOf(entryPart) : raw(m.value()));
        }

        /** The contacts item that belongs to the message's sender; all of them when none matches. */
        private byte[] contactsOf(Node contacts, String from) {
            if (!(contacts instanceof Arr list) || from == null) {
                return raw(contacts);
            }
            for (Node contact : list.items()) {
                if (contact instanceof Obj c && from.equals(text(c.get("wa_id")))) {
                    return arrayOf(raw(contact));
                }
            }
            return raw(contacts);
        }

        private static String phoneNumberId(Obj value) {
            if (value != null && value.get("metadata") instanceof Obj metadata) {
                String id = text(metadata.get("phone_number_id"));
                if (id != null && !id.isEmpty()) {
                    return id;
                }
            }
            return Placeholder.NONE;
        }

        private static String routeKey(String phone, String wabaId) {
            if (!Placeholder.NONE.equals(phone)) {
                return phone;
            }
            return wabaId == null ? Placeholder.NONE : "waba:" + wabaId;
        }

        /** A message's own text: its body, a media caption, the title of the button or list row it answers. */
        private static void messageTexts(Obj msg, SearchText.Document search) {
            for (Member m : msg.members()) {
                if (!(m.value() instanceof Obj part)) {
                    continue;
                }
                switch (m.name()) {
                    case "text" -> search.add(text(part.get("body")));
                    case "button" -> search.add(text(part.get("text")));
                    case "interactive" -> {
                        for (String reply : new String[]{"button_reply", "list_reply"}) {
                            if (part.get(reply) instanceof Obj r) {
                                search.add(text(r.get("title")));
                            }
                        }
                    }
                    default -> search.add(text(part.get("caption")));
                }
            }
        }

        /** The profile names of the contacts the payload keeps for the message: its sender's, else all. */
        private static void contactNames(Node contacts, String from, SearchText.Document search) {
            if (!(contacts instanceof Arr list)) {
                return;
            }
            boolean sender = false;
            for (Node contact : list.items()) {
                sender |= from != null && contact instanceof Obj c && from.equals(text(c.get("wa_id")));
            }
            for (Node contact : list.items()) {
                if (contact instanceof Obj c && (!sender || from.equals(text(c.get("wa_id"))))
                        && c.get("profile") instanceof Obj profile) {
                    search.add(text(profile.get("name")));
                }
            }
        }

        private static void errorTexts(Node errors, SearchText.Document search) {
            if (errors instanceof Arr list) {
                for (Node error : list.items()) {
                    if (error instanceof Obj e) {
                        search.add(text(e.get("title")));
                        search.add(text(e.get("message")));
                        if (e.get("error_data") instanceof Obj data) {
                            search.add(text(data.get("details")));
                        }
                    }
                }
            }
        }

        /** Meta's category as the filter compares it: lower case, and only when it has the form of one. */
        private static String category(String value) {
            if (value == null) {
                return null;
            }
            String category = value.trim().toLowerCase(Locale.ROOT);
            return SearchText.CATEGORY.matcher(category).matches() ? category : null;
        }

        private static Integer firstErrorCode(Node errors) {
            if (errors instanceof Arr list) {
                for (Node error : list.items()) {
                    if (error instanceof Obj e && e.get("code") instanceof Scalar code) {
                        try {
                            return Integer.valueOf(code.text());
                        } catch (NumberFormatException ignored) {
                            return null;
                        }
                    }
                }
            }
            return null;
        }

        private byte[] raw(Node node) {
            byte[] out = new byte[node.end() - node.start()];
            System.arraycopy(body, node.start(), out, 0, out.length);
            return out;
        }

        /** The object rewritten member by member: a member's new value, or null to leave it out. */
        private byte[] object(Obj obj, java.util.function.Function<Member, byte[]> rewrite) {
            // not sized to the original object: that can be the whole body, once per event of a 1000-event batch
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write('{');
            boolean first = true;
            for (Member m : obj.members()) {
                byte[] value = rewrite.apply(m);
                if (value == null) {
                    continue;
                }
                if (!first) {
                    out.write(',');
                }
                first = false;
                out.write(body, m.key().start(), m.key().end() - m.key().start());
                out.write(':');
                out.writeBytes(value);
            }
            out.write('}');
            return out.toByteArray();
        }

        private static byte[] arrayOf(byte[] item) {
            byte[] out = new byte[item.length + 2];
            out[0] = '[';
            System.arraycopy(item, 0, out, 1, item.length);
            out[out.length - 1] = ']';
            return out;
        }
    }

    static String text(Node node) {
        if (node instanceof Str s) {
            // JSON may escape U+0000, but a PostgreSQL text column cannot hold it
            return s.value().indexOf('\0') < 0 ? s.value() : s.value().replace("\0", "");
        }
        if (node instanceof Scalar s && !s.text().equals("null")) {
            return s.text();
        }
        return null;
    }

    private static byte[] digest(String kind, byte[] bytes, int start, int end) {
        MessageDigest sha = Hashes.sha256();
        sha.update(kind.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
        sha.update(bytes, start, end - start);
        return sha.digest();
    }
}
