package io.sendzen.logs.ingest;

import com.sun.management.ThreadMXBean;
import io.sendzen.logs.support.Meta;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Splitting runs before the answer, on the request's thread: its cost must grow with the body, not with the body
 * times the number of events (Meta sends up to 1000 events and about 3 MB in one POST). Measured as allocation,
 * which unlike time does not depend on how busy the machine is.
 */
class EventSplitterCostTest {

    @Test
    void splittingAThousandEventBatchAllocatesInProportionToTheBody() throws Exception {
        List<String> statuses = new ArrayList<>();
        String padding = "x".repeat(3000);
        for (int i = 0; i < 1000; i++) {
            statuses.add("{\"id\":\"" + Meta.wamid() + "\",\"status\":\"sent\",\"timestamp\":\"1704067200\","
                    + "\"recipient_id\":\"16505551234\",\"biz_opaque_callback_data\":\"" + padding + "\"}");
        }
        byte[] body = Meta.statuses("1701", "106540352242922", statuses.toArray(String[]::new))
                .getBytes(StandardCharsets.UTF_8);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        EventSplitter.split(body);
        long before = threads.getCurrentThreadAllocatedBytes();
        int events = EventSplitter.split(body).size();
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(1000, events);
        assertTrue(allocated < 100L * body.length,
                "splitting " + body.length + " bytes allocated " + allocated + " bytes");
    }
}
