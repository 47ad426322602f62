package io.partita.samples.mdb;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * {@code GET /received}: what {@link OrderListener} received, oldest first, one line per message:
 * {@code <text><TAB><JMSMessageID><TAB>delivery <JMSXDeliveryCount>}.
 */
@WebServlet("/received")
public class ReceivedServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @EJB
    private transient ReceivedOrders received;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = resp.getWriter();
        for (ReceivedOrder order : received.latest()) {
            out.println(order.text() + "\t" + order.messageId() + "\tdelivery " + order.deliveryCount());
        }
    }
}
