package io.partita.ra.it.glassfish.app;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code /recovery?text=T&hold=H[&partitaFirst=false]}: calls {@link RecoveryOrders#send} and
 * answers {@code done T} or {@code failed T: <exception>}. Holds are released through {@code /state?release=H}.
 */
@WebServlet("/recovery")
public class RecoveryServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @EJB
    private RecoveryOrders orders;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        String text = req.getParameter("text");
        try {
            orders.send(text, req.getParameter("hold"), !"false".equals(req.getParameter("partitaFirst")));
            resp.getWriter().print("done " + text);
        } catch (Exception e) {
            resp.getWriter().print("failed " + text + ": " + e);
        }
    }
}
