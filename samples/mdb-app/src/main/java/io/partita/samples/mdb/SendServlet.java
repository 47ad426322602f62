package io.partita.samples.mdb;

import jakarta.annotation.Resource;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code POST /send} with the form parameter {@code text}: sends a text message to the queue with
 * the injected connection factory, and answers {@code sent <JMSMessageID>}. The factory is the
 * server's pool of Partita connections; closing the connection gives it back to the pool.
 *
 * <p>The references {@code jms/cf} and {@code jms/orders} (declared in {@code web.xml}) are bound
 * to the server's names by {@code glassfish-web.xml}, {@code jboss-web.xml} or {@code ibm-web-bnd.xml}.
 */
@WebServlet("/send")
public class SendServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Resource(name = "jms/cf")
    private transient ConnectionFactory factory;

    @Resource(name = "jms/orders")
    private transient Queue queue;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
        String text = req.getParameter("text");
        if (text == null || text.isEmpty()) {
            resp.sendError(HttpServletResponse.SC_BAD_REQUEST, "give the message as the form parameter text");
            return;
        }
        String messageId;
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession();
            TextMessage message = session.createTextMessage(text);
            session.createProducer(queue).send(message);
            messageId = message.getJMSMessageID();
        } catch (JMSException e) {
            throw new ServletException("could not send to " + queue, e);
        }
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().println("sent " + messageId);
    }
}
