package io.partita.ra.it.glassfish.app;

import jakarta.annotation.Resource;
import jakarta.jms.CompletionListener;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * Calls what Jakarta Messaging forbids in a web container and prints, one line each,
 * {@code name=<simple name of what was thrown>} (or {@code name=allowed}); then checks that a
 * connection whose session was left open comes back from the pool clean.
 */
@WebServlet("/rules")
public class RulesServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Resource(lookup = "java:app/jms/cf")
    private ConnectionFactory factory;

    @Resource(lookup = "java:app/jms/orders")
    private Queue queue;

    private interface Call {
        void run() throws Exception;
    }

    private static void check(PrintWriter out, String name, Call call) {
        try {
            call.run();
            out.println(name + "=allowed");
        } catch (Exception e) {
            out.println(name + "=" + e.getClass().getSimpleName());
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        PrintWriter out = resp.getWriter();
        try (Connection connection = factory.createConnection()) {
            check(out, "setClientID", () -> connection.setClientID("x"));
            check(out, "setExceptionListener", () -> connection.setExceptionListener(e -> { }));
            check(out, "stop", connection::stop);
            Session session = connection.createSession();
            check(out, "secondSession", connection::createSession);
            check(out, "setMessageListener", () -> session.setMessageListener(m -> { }));
            MessageProducer producer = session.createProducer(queue);
            check(out, "asyncSend", () -> producer.send(session.createTextMessage("x"), new CompletionListener() {
                @Override
                public void onCompletion(Message message) {
                }

                @Override
                public void onException(Message message, Exception exception) {
                }
            }));
            check(out, "clientAcknowledge", () -> {
                session.close();
                connection.createSession(Session.CLIENT_ACKNOWLEDGE).close();
            });
        } catch (Exception e) {
            out.println("failed=" + e);
        }
        // A user that leaves its session open: the next user of the pooled connection still gets one.
        try {
            Connection first = factory.createConnection();
            first.createSession().createProducer(queue);
            first.close();
            check(out, "sessionAfterReuse", () -> {
                try (Connection second = factory.createConnection()) {
                    second.createSession().close();
                }
            });
        } catch (Exception e) {
            out.println("failed=" + e);
        }
    }
}
