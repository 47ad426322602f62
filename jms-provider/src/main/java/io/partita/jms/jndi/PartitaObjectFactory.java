package io.partita.jms.jndi;

import io.partita.jms.PartitaConnectionFactory;
import io.partita.jms.PartitaDestination;
import io.partita.jms.PartitaQueue;
import io.partita.jms.PartitaTopic;

import java.util.Hashtable;
import javax.naming.Context;
import javax.naming.Name;
import javax.naming.RefAddr;
import javax.naming.Reference;
import javax.naming.spi.ObjectFactory;

/**
 * Rebuilds Partita objects from the JNDI {@link Reference}s they produce: a connection factory
 * from its broker URL ({@link PartitaConnectionFactory#REF_URL}), a queue or topic from its name
 * ({@link PartitaDestination#REF_NAME}). Other references give null, as the {@code ObjectFactory}
 * contract asks. Stateless and thread-safe.
 */
public final class PartitaObjectFactory implements ObjectFactory {

    @Override
    public Object getObjectInstance(Object obj, Name name, Context nameCtx, Hashtable<?, ?> environment)
            throws Exception {
        if (!(obj instanceof Reference ref)) {
            return null;
        }
        String className = ref.getClassName();
        if (PartitaConnectionFactory.class.getName().equals(className)) {
            return new PartitaConnectionFactory(address(ref, PartitaConnectionFactory.REF_URL));
        }
        if (PartitaQueue.class.getName().equals(className)) {
            return new PartitaQueue(address(ref, PartitaDestination.REF_NAME));
        }
        if (PartitaTopic.class.getName().equals(className)) {
            return new PartitaTopic(address(ref, PartitaDestination.REF_NAME));
        }
        return null;
    }

    private static String address(Reference ref, String type) throws javax.naming.NamingException {
        RefAddr addr = ref.get(type);
        if (addr == null || addr.getContent() == null) {
            throw new javax.naming.NamingException("reference to " + ref.getClassName() + " has no '" + type
                    + "' address");
        }
        return addr.getContent().toString();
    }
}
