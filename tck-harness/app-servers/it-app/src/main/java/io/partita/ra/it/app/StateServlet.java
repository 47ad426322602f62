package io.partita.ra.it.app;

import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code /state?listener=X}: the deliveries to bean {@code X}, one line each (see
 * {@link Deliveries#record}); {@code /state?gate=G}: the state of gate {@code G};
 * {@code /state?holding=H}: whether a caller waits at hold {@code H}; {@code /state?release=H}:
 * releases hold {@code H}.
 */
@WebServlet("/state")
public class StateServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @EJB
    private Deliveries deliveries;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain");
        String release = req.getParameter("release");
        if (release != null) {
            deliveries.release(release);
            resp.getWriter().print("released " + release);
            return;
        }
        String held = req.getParameter("holding");
        if (held != null) {
            resp.getWriter().print(deliveries.holding(held));
            return;
        }
        String gate = req.getParameter("gate");
        if (gate != null) {
            resp.getWriter().print(deliveries.gate(gate));
            return;
        }
        StringBuilder out = new StringBuilder();
        for (String line : deliveries.received(req.getParameter("listener"))) {
            out.append(line).append('\n');
        }
        resp.getWriter().print(out);
    }
}
