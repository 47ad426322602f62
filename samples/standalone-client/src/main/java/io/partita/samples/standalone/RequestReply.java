package io.partita.samples.standalone;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * Request/reply over a temporary queue. A responder (a {@link jakarta.jms.MessageListener} on a
 * session of its own) answers each request on the queue {@code JMSReplyTo} names, with
 * {@code JMSCorrelationID} set to the request's {@code JMSMessageID}; the requester sends with
 * {@code JMSReplyTo} set to a temporary queue of its connection and waits for the matching reply.
 * The temporary queue goes away with the connection. Stateless.
 */
public final class RequestReply implements Step {
    @Override
    public String name() {
        return "request-reply";
    }

    @Override
    public String title() {
        return "request/reply over a temporary queue (JMSReplyTo, JMSCorrelationID)";
    }

    @Override
    public StepResult run(SampleEnvironment env) throws JMSException {
        List<String> sent = List.of("quote book-42", "quote book-7");
        List<String> received = new ArrayList<>();
        try (Connection connection = env.factory().createConnection()) {
            Session responderSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer replies = responderSession.createProducer(null);
            MessageConsumer responder = responderSession.createConsumer(env.requests(), env.runSelector());
            responder.setMessageListener(request -> answer(responderSession, replies, request));

            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replyQueue = session.createTemporaryQueue();
            MessageConsumer replyConsumer = session.createConsumer(replyQueue);
            MessageProducer requests = session.createProducer(env.requests());
            connection.start();
            for (String text : sent) {
                TextMessage request = session.createTextMessage(text);
                request.setStringProperty(SampleEnvironment.RUN_PROPERTY, env.runId());
                request.setJMSReplyTo(replyQueue);
                requests.send(request);
                Message reply = replyConsumer.receive(env.receiveTimeout().toMillis());
                if (reply == null) {
                    break;
                }
                boolean correlates = request.getJMSMessageID().equals(reply.getJMSCorrelationID());
                received.add(((TextMessage) reply).getText() + (correlates ? "" : " (wrong JMSCorrelationID)"));
            }
        }
        return new StepResult(title(), sent, sent.stream().map(t -> "answer to " + t).toList(), received);
    }

    /** The responder: runs on its session's delivery thread, so it may use that session. */
    private static void answer(Session session, MessageProducer replies, Message request) {
        try {
            TextMessage reply = session.createTextMessage("answer to " + ((TextMessage) request).getText());
            reply.setJMSCorrelationID(request.getJMSMessageID());
            replies.send(request.getJMSReplyTo(), reply);
        } catch (JMSException e) {
            // Thrown out of onMessage, the request is given back and delivered again.
            throw new IllegalStateException("could not answer " + request, e);
        }
    }
}
