package io.partita.ra.inbound;

import jakarta.resource.spi.InvalidPropertyException;
import org.junit.jupiter.api.Test;

import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationSpecTest {
    private static PartitaActivationSpec queue() {
        PartitaActivationSpec s = new PartitaActivationSpec();
        s.setDestination("orders");
        return s;
    }

    private static PartitaActivationSpec topic() {
        PartitaActivationSpec s = new PartitaActivationSpec();
        s.setDestination("prices");
        s.setDestinationType(PartitaActivationSpec.TOPIC);
        s.setMaxSession(1);
        return s;
    }

    private static void assertInvalid(PartitaActivationSpec spec, String property, Consumer<PartitaActivationSpec> change) {
        change.accept(spec);
        InvalidPropertyException e = assertThrows(InvalidPropertyException.class, spec::validate);
        assertTrue(e.getMessage().startsWith("activation property " + property + " "), e.getMessage());
    }

    @Test
    void defaultsAreTheStandardOnes() throws Exception {
        PartitaActivationSpec s = queue();
        s.validate();
        assertEquals(PartitaActivationSpec.QUEUE, s.getDestinationType());
        assertEquals(PartitaActivationSpec.AUTO_ACKNOWLEDGE, s.getAcknowledgeMode());
        assertEquals(PartitaActivationSpec.NON_DURABLE, s.getSubscriptionDurability());
        assertEquals(15, s.getMaxSession());
        assertEquals(0L, s.getRedeliveryDelay());
        assertEquals(-1, s.getMaxReconnectAttempts());
    }

    @Test
    void aDestinationOrALookupIsRequired() {
        assertInvalid(new PartitaActivationSpec(), "destinationLookup", s -> { });
        PartitaActivationSpec byLookup = new PartitaActivationSpec();
        byLookup.setDestinationLookup("java:app/jms/orders");
        assertDoesNotThrow(byLookup::validate);
    }

    @Test
    void destinationMayComeAsAQueueOrTopicUri() throws Exception {
        PartitaActivationSpec q = queue();
        q.setDestination("queue://orders");
        q.validate();
        assertEquals("orders", q.getDestination());
        PartitaActivationSpec t = topic();
        t.setDestination("TOPIC://prices");
        t.validate();
        assertEquals("prices", t.getDestination());
        assertInvalid(queue(), "destination", s -> s.setDestination("topic://prices"));
        assertInvalid(queue(), "destination", s -> s.setDestination("queue://bad name"));
    }

    @Test
    void brokerUrlIsCheckedAndExcludesAFactoryLookup() throws Exception {
        PartitaActivationSpec ok = queue();
        ok.setBrokerURL(" partita://127.0.0.1:9092?prefetch=1 ");
        ok.validate();
        assertEquals("partita://127.0.0.1:9092?prefetch=1", ok.getBrokerURL());
        assertInvalid(queue(), "brokerURL", s -> s.setBrokerURL("tcp://127.0.0.1:9092"));
        assertInvalid(queue(), "brokerURL", s -> s.setBrokerURL("partita://127.0.0.1:9092?prefetch=0"));
        assertInvalid(queue(), "brokerURL", s -> {
            s.setBrokerURL("partita://127.0.0.1:9092");
            s.setConnectionFactoryLookup("java:app/jms/cf");
        });
    }

    @Test
    void badValuesAreNamed() {
        assertInvalid(queue(), "destinationType", s -> s.setDestinationType("javax.jms.Queue"));
        assertInvalid(queue(), "destination", s -> s.setDestination("__internal"));
        assertInvalid(queue(), "destination", s -> s.setDestination("has space"));
        assertInvalid(queue(), "messageSelector", s -> s.setMessageSelector("color = "));
        assertInvalid(queue(), "acknowledgeMode", s -> s.setAcknowledgeMode("Client-acknowledge"));
        assertInvalid(queue(), "subscriptionDurability", s -> s.setSubscriptionDurability("Forever"));
        assertInvalid(queue(), "maxSession", s -> s.setMaxSession(0));
        assertInvalid(queue(), "redeliveryDelay", s -> s.setRedeliveryDelay(-1L));
        assertInvalid(queue(), "reconnectInterval", s -> s.setReconnectInterval(0L));
        assertInvalid(queue(), "maxReconnectAttempts", s -> s.setMaxReconnectAttempts(-2));
    }

    @Test
    void theMessageNamesTheBadValue() {
        PartitaActivationSpec s = queue();
        s.setDestinationType("jakarta.jms.Tpoic");
        InvalidPropertyException e = assertThrows(InvalidPropertyException.class, s::validate);
        assertTrue(e.getMessage().contains("'jakarta.jms.Tpoic'"), e.getMessage());
    }

    @Test
    void subscriptionRules() {
        assertInvalid(queue(), "subscriptionDurability", s -> s.setSubscriptionDurability("Durable"));
        assertInvalid(topic(), "subscriptionName", s -> s.setSubscriptionDurability("Durable"));
        assertInvalid(topic(), "clientId", s -> {
            s.setSubscriptionDurability("Durable");
            s.setSubscriptionName("audit");
        });
        assertInvalid(topic(), "subscriptionName", s -> s.setShareSubscriptions(true));
        assertInvalid(topic(), "maxSession", s -> s.setMaxSession(2));

        PartitaActivationSpec sharedDurable = topic();
        sharedDurable.setSubscriptionDurability("Durable");
        sharedDurable.setSubscriptionName("audit");
        sharedDurable.setShareSubscriptions(true);
        sharedDurable.setMaxSession(8);
        assertDoesNotThrow(sharedDurable::validate);

        PartitaActivationSpec durable = topic();
        durable.setSubscriptionDurability("durable");
        durable.setSubscriptionName("audit");
        durable.setClientId("billing");
        assertDoesNotThrow(durable::validate);
        assertTrue(durable.isDurable());
    }

    @Test
    void acknowledgeModeSpellingsAreNormalized() throws Exception {
        PartitaActivationSpec s = queue();
        s.setAcknowledgeMode("DUPS_OK_ACKNOWLEDGE");
        s.validate();
        assertEquals(PartitaActivationSpec.DUPS_OK_ACKNOWLEDGE, s.getAcknowledgeMode());
        s.setAcknowledgeMode("auto-acknowledge");
        assertEquals(PartitaActivationSpec.AUTO_ACKNOWLEDGE, s.getAcknowledgeMode());
        s.setAcknowledgeMode(" ");
        assertEquals(PartitaActivationSpec.AUTO_ACKNOWLEDGE, s.getAcknowledgeMode());
    }
}
