package io.partita.ra.it.app;

import jakarta.annotation.Resource;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code /send?text=T}: sends {@code T} to the queue with the injected, pooled connection factory.
 * The references {@code jms/cf} and {@code jms/orders} are mapped to the server's JNDI names by
 * the application's {@code web.xml} ({@link Descriptors#webXml}).
 */
@WebServlet("/send")
public class SendServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Resource(name = "jms/cf")
    private ConnectionFactory factory;

    @Resource(name = "jms/orders")
    private Queue queue;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String text = req.getParameter("text");
        try (Connection connection = factory.createConnection()) {
            Session session = connection.createSession();
            session.createProducer(queue).send(session.createTextMessage(text));
        } catch (JMSException e) {
            throw new IOException(e);
        }
        resp.setContentType("text/plain");
        resp.getWriter().print("sent " + text);
    }
}
