package dev.reprise.testing;

/**
 * The {@code keys:} sections of gateway config that several tests share, naming two tenants and their keys; each
 * ends in a newline, so a test puts it before its own {@code admin:}, {@code models:} and the rest.
 */
public final class TenantYaml {

    public static final String TENANT_A_KEY = "sk-tenant-a";
    public static final String TENANT_B_KEY = "sk-tenant-b";
    public static final String ACME_KEY = "sk-acme";
    public static final String GLOBEX_KEY = "sk-globex";

    /** Tenants {@code tenant-a} and {@code tenant-b}, with keys {@link #TENANT_A_KEY} and {@link #TENANT_B_KEY}. */
    public static final String TENANTS_A_B = "keys:\n"
            + "  - { id: tenant-a, key: " + TENANT_A_KEY + " }\n"
            + "  - { id: tenant-b, key: " + TENANT_B_KEY + " }\n";

    /** Tenants {@code acme} and {@code globex}, with keys {@link #ACME_KEY} and {@link #GLOBEX_KEY}. */
    public static final String ACME_AND_GLOBEX = "keys:\n"
            + "  - { id: acme, key: " + ACME_KEY + " }\n"
            + "  - { id: globex, key: " + GLOBEX_KEY + " }\n";

    private TenantYaml() {
    }
}
