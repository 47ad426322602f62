package io.partita.ra.it.app;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code /context?queue=Q&text=T[&fail=true]}: calls {@link ContextOrders#send} and answers
 * {@code committed T} or {@code rolled back T}; {@code /context?queue=Q&refused}: the lines of
 * {@link ContextOrders#refusedInTransaction} and {@link ContextOrders#refusedOutsideTransaction}.
 */
@WebServlet("/context")
public class ContextServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @EJB
    private ContextOrders orders;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        String queue = req.getParameter("queue");
        if (req.getParameter("refused") != null) {
            resp.getWriter().println(String.join("\n", orders.refusedInTransaction(queue)));
            resp.getWriter().print(String.join("\n", orders.refusedOutsideTransaction()));
            return;
        }
        String text = req.getParameter("text");
        try {
            orders.send(queue, text, Boolean.parseBoolean(req.getParameter("fail")));
            resp.getWriter().print("committed " + text);
        } catch (EJBException e) {
            resp.getWriter().print("rolled back " + text);
        }
    }
}
