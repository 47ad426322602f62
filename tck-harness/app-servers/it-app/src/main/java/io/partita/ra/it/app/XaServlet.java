package io.partita.ra.it.app;

import jakarta.ejb.EJB;
import jakarta.ejb.EJBException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code /xa?text=T[&fail=true][&hold=H]}: calls {@link XaOrders#sendAndInsert} and answers
 * {@code committed T} or {@code rolled back T}; {@code /xa?rows}: the rows of {@code XA_ORDERS},
 * one per line.
 */
@WebServlet("/xa")
public class XaServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @EJB
    private XaOrders orders;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        orders.createTable();
        if (req.getParameter("rows") != null) {
            resp.getWriter().print(String.join("\n", orders.rows()));
            return;
        }
        String text = req.getParameter("text");
        try {
            orders.sendAndInsert(text, Boolean.parseBoolean(req.getParameter("fail")), req.getParameter("hold"));
            resp.getWriter().print("committed " + text);
        } catch (EJBException e) {
            resp.getWriter().print("rolled back " + text);
        }
    }
}
