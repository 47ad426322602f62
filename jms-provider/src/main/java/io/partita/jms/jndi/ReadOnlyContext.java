package io.partita.jms.jndi;

import java.util.Collections;
import java.util.Hashtable;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import javax.naming.Binding;
import javax.naming.CompositeName;
import javax.naming.Context;
import javax.naming.Name;
import javax.naming.NameClassPair;
import javax.naming.NameNotFoundException;
import javax.naming.NameParser;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.OperationNotSupportedException;

/**
 * A flat, read-only JNDI context over a fixed map of names to objects, as
 * {@link PartitaInitialContextFactory} builds it. Looking up an unknown name throws
 * {@link NameNotFoundException} naming it; binding, unbinding, renaming and subcontexts throw
 * {@link OperationNotSupportedException}. Looking up the empty name returns the context itself.
 * Thread-safe: the bindings never change.
 */
final class ReadOnlyContext implements Context {
    private static final NameParser PARSER = CompositeName::new;

    private final Map<String, Object> bindings;
    private final Hashtable<Object, Object> environment;

    ReadOnlyContext(Map<String, Object> bindings, Hashtable<?, ?> environment) {
        this.bindings = Collections.unmodifiableMap(new TreeMap<>(bindings));
        this.environment = new Hashtable<>(environment);
    }

    @Override
    public Object lookup(String name) throws NamingException {
        if (name == null || name.isEmpty()) {
            return this;
        }
        Object o = bindings.get(name);
        if (o == null) {
            NameNotFoundException e = new NameNotFoundException("no object is bound to '" + name + "'; bound names: "
                    + bindings.keySet());
            e.setRemainingName(new CompositeName().add(name));
            throw e;
        }
        return o;
    }

    @Override
    public Object lookup(Name name) throws NamingException {
        return lookup(name.toString());
    }

    @Override
    public Object lookupLink(String name) throws NamingException {
        return lookup(name);
    }

    @Override
    public Object lookupLink(Name name) throws NamingException {
        return lookup(name);
    }

    private static OperationNotSupportedException readOnly() {
        return new OperationNotSupportedException("the Partita JNDI context is read-only; configure it with "
                + "connectionFactory.*, queue.* and topic.* entries");
    }

    @Override
    public void bind(Name name, Object obj) throws NamingException {
        throw readOnly();
    }

    @Override
    public void bind(String name, Object obj) throws NamingException {
        throw readOnly();
    }

    @Override
    public void rebind(Name name, Object obj) throws NamingException {
        throw readOnly();
    }

    @Override
    public void rebind(String name, Object obj) throws NamingException {
        throw readOnly();
    }

    @Override
    public void unbind(Name name) throws NamingException {
        throw readOnly();
    }

    @Override
    public void unbind(String name) throws NamingException {
        throw readOnly();
    }

    @Override
    public void rename(Name oldName, Name newName) throws NamingException {
        throw readOnly();
    }

    @Override
    public void rename(String oldName, String newName) throws NamingException {
        throw readOnly();
    }

    @Override
    public void destroySubcontext(Name name) throws NamingException {
        throw readOnly();
    }

    @Override
    public void destroySubcontext(String name) throws NamingException {
        throw readOnly();
    }

    @Override
    public Context createSubcontext(Name name) throws NamingException {
        throw readOnly();
    }

    @Override
    public Context createSubcontext(String name) throws NamingException {
        throw readOnly();
    }

    private void checkListable(String name) throws NamingException {
        if (name != null && !name.isEmpty()) {
            lookup(name);
            throw new NamingException("'" + name + "' is not a context");
        }
    }

    @Override
    public NamingEnumeration<NameClassPair> list(Name name) throws NamingException {
        return list(name.toString());
    }

    @Override
    public NamingEnumeration<NameClassPair> list(String name) throws NamingException {
        checkListable(name);
        return new Enumeration<>(bindings.entrySet().stream()
                .map(e -> new NameClassPair(e.getKey(), e.getValue().getClass().getName())).iterator());
    }

    @Override
    public NamingEnumeration<Binding> listBindings(Name name) throws NamingException {
        return listBindings(name.toString());
    }

    @Override
    public NamingEnumeration<Binding> listBindings(String name) throws NamingException {
        checkListable(name);
        return new Enumeration<>(bindings.entrySet().stream()
                .map(e -> new Binding(e.getKey(), e.getValue())).iterator());
    }

    @Override
    public NameParser getNameParser(Name name) {
        return PARSER;
    }

    @Override
    public NameParser getNameParser(String name) {
        return PARSER;
    }

    @Override
    public Name composeName(Name name, Name prefix) throws NamingException {
        return ((Name) prefix.clone()).addAll(name);
    }

    @Override
    public String composeName(String name, String prefix) throws NamingException {
        return composeName(new CompositeName(name), new CompositeName(prefix)).toString();
    }

    @Override
    public Object addToEnvironment(String propName, Object propVal) {
        synchronized (environment) {
            return environment.put(propName, propVal);
        }
    }

    @Override
    public Object removeFromEnvironment(String propName) {
        synchronized (environment) {
            return environment.remove(propName);
        }
    }

    @Override
    public Hashtable<?, ?> getEnvironment() {
        synchronized (environment) {
            return new Hashtable<>(environment);
        }
    }

    @Override
    public void close() {
    }

    @Override
    public String getNameInNamespace() {
        return "";
    }

    private static final class Enumeration<T> implements NamingEnumeration<T> {
        private final Iterator<T> it;

        Enumeration(Iterator<T> it) {
            this.it = it;
        }

        @Override
        public T next() {
            return nextElement();
        }

        @Override
        public boolean hasMore() {
            return it.hasNext();
        }

        @Override
        public void close() {
        }

        @Override
        public boolean hasMoreElements() {
            return it.hasNext();
        }

        @Override
        public T nextElement() {
            if (!it.hasNext()) {
                throw new NoSuchElementException();
            }
            return it.next();
        }
    }
}
