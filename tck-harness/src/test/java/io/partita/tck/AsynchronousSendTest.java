package io.partita.tck;

import io.partita.jms.PartitaConnectionFactory;
import jakarta.jms.CompletionListener;
import jakarta.jms.JMSContext;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import org.junit.jupiter.api.DisplayName;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Section 7.3: asynchronous send. */
class AsynchronousSendTest {

    @Conformance
    @DisplayName("7.3 completion listeners run in send order once the broker has the messages")
    void completionListenersInOrder(Target target) throws Exception {
        try (JMSContext c = new PartitaConnectionFactory(target.url("")).createContext()) {
            Queue q = c.createQueue(Names.unique("asyncsend"));
            List<String> completed = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch done = new CountDownLatch(10);
            CompletionListener listener = new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                    try {
                        completed.add(message.getBody(String.class));
                    } catch (Exception e) {
                        completed.add(e.toString());
                    }
                    done.countDown();
                }

                @Override
                public void onException(Message message, Exception exception) {
                    completed.add("failed: " + exception);
                    done.countDown();
                }
            };
            for (int i = 0; i < 10; i++) {
                c.createProducer().setAsync(listener).send(q, "m" + i);
            }
            assertTrue(done.await(30, TimeUnit.SECONDS));
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                expected.add("m" + i);
            }
            assertEquals(expected, completed);
            var consumer = c.createConsumer(q);
            for (String e : expected) {
                assertEquals(e, consumer.receiveBody(String.class, 10_000));
            }
        }
    }
}
