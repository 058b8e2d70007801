package dev.reprise.gateway.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.reprise.gateway.budget.BudgetSettings;
import dev.reprise.gateway.cache.CacheSettings;
import dev.reprise.gateway.error.JsonErrorPath;
import dev.reprise.gateway.routing.AliasRoute;
import dev.reprise.gateway.guardrails.GuardrailSettings;
import dev.reprise.gateway.limits.LimitSettings;
import dev.reprise.gateway.shadow.ShadowSettings;
import dev.reprise.gateway.routing.RoutingTable;
import dev.reprise.models.catalogue.Deployment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Reads the YAML config: finds the file, substitutes {@code ${ENV}} references, binds it strictly
 * (an unknown key is an error that names its full path) and validates each section into records.
 */
public final class ConfigLoader {

    /** Looked for in the working directory when no {@code --config} is given. */
    public static final String WORKING_DIR_FILE = "reprise.yaml";
    /** The embedded config used when there is neither: the mock alias, plus real providers whose keys are set. */
    public static final String DEFAULT_RESOURCE = "reprise-default.yaml";

    private static final Logger LOG = Logger.getLogger(ConfigLoader.class.getName());

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final EnvSubstitution env;

    public ConfigLoader(EnvSubstitution env) {
        this.env = env;
    }

    /** A loader reading {@code ${ENV}} references from the process environment. */
    public static ConfigLoader withSystemEnv() {
        return new ConfigLoader(EnvSubstitution.ofSystem());
    }

    /**
     * The config to run with: {@code explicit} when given, else {@code reprise.yaml} in {@code workingDir}
     * when it exists, else the embedded default.
     */
    public GatewayConfig load(Optional<Path> explicit, Path workingDir) {
        if (explicit.isPresent()) {
            return loadFile(explicit.get());
        }
        Path local = workingDir.resolve(WORKING_DIR_FILE);
        if (Files.isRegularFile(local)) {
            return loadFile(local);
        }
        return loadDefault();
    }

    public GatewayConfig loadFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + " does not exist");
        }
        try {
            return loadYaml(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
    }

    public GatewayConfig loadDefault() {
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the jar");
            }
            return loadYaml(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in " + DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULT_RESOURCE, e);
        }
    }

    /**
     * Only the {@code cache} section of {@code file}, read and checked as {@link #loadFile} would (a missing section
     * means the defaults); the rest of the file is not looked at. Per-alias thresholds are left out.
     */
    public CacheSettings loadCacheSection(Path file) {
        String source = file.toString();
        SubstitutedValues seen = new SubstitutedValues();
        try {
            JsonNode tree = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
            JsonNode cache = tree == null || !tree.isObject() ? null : env.apply(tree, seen).get("cache");
            CacheYaml yaml = cache == null || cache.isNull() ? null : YAML.treeToValue(cache, CacheYaml.class);
            return CacheYaml.resolve(yaml, Map.of());
        } catch (ConfigException e) {
            throw refused(source + ": " + e.getMessage(), e, seen);
        } catch (JsonMappingException e) {
            throw refused(source + ": cache." + describe(e), e, seen);
        } catch (JsonProcessingException e) {
            throw refused(source + ": invalid YAML" + where(e) + ": " + oneLine(e.getOriginalMessage()), e, seen);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses and validates {@code yaml}; {@code source} names it at the start of every error message. */
    public GatewayConfig loadYaml(String yaml, String source) {
        SubstitutedValues seen = new SubstitutedValues();
        try {
            JsonNode tree = YAML.readTree(yaml);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                tree = YAML.createObjectNode();
            }
            if (!tree.isObject()) {
                throw new ConfigException("the config must be a mapping of keys (server, models, ...)");
            }
            ObjectNode file = (ObjectNode) env.apply(tree, seen);
            checkTopLevelKeys(file);
            Map<ConfigSection<?, ?>, Object> sections = new LinkedHashMap<>();
            for (ConfigSection<?, ?> section : ConfigSections.ALL) {
                sections.put(section, bind(section, file.remove(section.key())));
            }
            Yaml raw = YAML.treeToValue(file, Yaml.class);
            return raw.resolve(sections);
        } catch (ConfigException e) {
            throw refused(source + ": " + e.getMessage(), e, seen);
        } catch (JsonMappingException e) {
            throw refused(source + ": " + describe(e), e, seen);
        } catch (JsonProcessingException e) {
            throw refused(source + ": invalid YAML" + where(e) + ": " + oneLine(e.getOriginalMessage()), e, seen);
        }
    }

    /** A stand-alone section's settings from its node (absent or null: its defaults); errors name the full key. */
    private static <Y, S> S bind(ConfigSection<Y, S> section, JsonNode node) {
        Y yaml;
        try {
            yaml = node == null || node.isNull() ? null : YAML.treeToValue(node, section.yamlType());
        } catch (JsonMappingException e) {
            String path = JsonErrorPath.of(e);
            throw new ConfigException(section.key() + (path == null ? "" : "." + path) + describeProblem(e), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(section.key() + ": " + oneLine(e.getOriginalMessage()), e);
        }
        return section.settings(yaml);
    }

    /** An unknown top-level key, named with every key that is known (the file's own and the sections'). */
    private static void checkTopLevelKeys(ObjectNode file) {
        Set<String> known = new TreeSet<>();
        for (var component : Yaml.class.getRecordComponents()) {
            known.add(PropertyNamingStrategies.KebabCaseStrategy.INSTANCE.translate(component.getName()));
        }
        ConfigSections.ALL.forEach(s -> known.add(s.key()));
        for (var names = file.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw ConfigException.at(name, "unknown key; expected one of " + String.join(", ", known));
            }
        }
    }

    /**
     * The start-stopping error, showing {@code ${VAR}} where the message would quote a value taken from the
     * environment. The cause is dropped once anything was substituted: its own message (Jackson's, say) may
     * quote the value too, and a cause is printed whole wherever the exception is logged.
     */
    private static ConfigException refused(String message, Exception cause, SubstitutedValues seen) {
        return seen.isEmpty() ? new ConfigException(message, cause) : new ConfigException(seen.redact(message));
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    /** SnakeYAML's messages span lines with a caret drawing; keep the words and the quoted source line. */
    private static String oneLine(String message) {
        return message.lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("in 'reader'") && !l.startsWith("^"))
                .collect(Collectors.joining("; "));
    }

    /** A Jackson binding failure as {@code key: problem}, with the key as a full path. */
    static String describe(JsonMappingException e) {
        return path(e) + describeProblem(e);
    }

    /** The problem part of {@link #describe}: {@code ": unknown key; ..."}. */
    private static String describeProblem(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            TreeSet<String> known = new TreeSet<>();
            if (u.getKnownPropertyIds() != null) {
                u.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
            }
            return ": unknown key" + (known.isEmpty() ? "" : "; expected one of " + String.join(", ", known));
        }
        if (e instanceof InvalidFormatException f) {
            return ": '" + f.getValue() + "' is not " + expected(f.getTargetType());
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return ": expected " + expected(m.getTargetType());
        }
        return ": " + e.getOriginalMessage();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a single value (text)";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a mapping of keys";
    }

    private static String path(JsonMappingException e) {
        String path = JsonErrorPath.of(e);
        return path == null ? "(top level)" : path;
    }

    /** The file's top level. */
    record Yaml(ServerConfig.Yaml server, String dataDir, AdminConfig.Yaml admin, List<ApiKey.Yaml> keys,
                List<ModelYaml> models, List<RoutingYaml.RouteYaml> routes, CacheYaml cache) {

        GatewayConfig resolve(Map<ConfigSection<?, ?>, Object> sections) {
            ServerConfig serverConfig = server == null ? ServerConfig.defaults() : server.resolve();
            Path data = dataDir == null || dataDir.isBlank() ? GatewayConfig.DEFAULT_DATA_DIR : Path.of(dataDir.strip());
            AdminConfig adminConfig = admin == null ? AdminConfig.disabled() : admin.resolve();
            List<ApiKey> apiKeys = new ArrayList<>();
            if (keys != null) {
                for (int i = 0; i < keys.size(); i++) {
                    if (keys.get(i) == null) {
                        throw ConfigException.at("keys[" + i + "]", "is empty; expected id and key");
                    }
                    apiKeys.add(keys.get(i).resolve("keys[" + i + "]"));
                }
            }
            List<AliasRoute> usable = new ArrayList<>();
            List<String> usablePaths = new ArrayList<>();
            List<String> skipped = new ArrayList<>();
            Map<String, Double> thresholdByAlias = new HashMap<>();
            GuardrailSettings guardrails = (GuardrailSettings) sections.get(ConfigSections.GUARDRAILS);
            Map<String, GuardrailSettings.Policy> guardrailsByAlias = new HashMap<>();
            Set<String> defined = new HashSet<>();
            if (models != null) {
                for (int i = 0; i < models.size(); i++) {
                    String path = "models[" + i + "]";
                    if (models.get(i) == null) {
                        throw ConfigException.at(path, "is empty; expected name, provider and model");
                    }
                    ModelYaml m = models.get(i);
                    String alias = m.alias(path);
                    if (!defined.add(alias)) {
                        throw ConfigException.at(path + ".name", "'" + alias + "' is defined twice");
                    }
                    if (m.cacheThreshold() != null) {
                        thresholdByAlias.put(alias, m.cacheThreshold());
                    }
                    if (m.guardrails() != null) {
                        guardrailsByAlias.put(alias, m.guardrails().policy(path + ".guardrails", guardrails.top()));
                    }
                    Optional<AliasRoute> route = m.resolve(path);
                    if (route.isEmpty()) {
                        skipped.add(alias);
                        String provider = m.provider() == null ? "its deployments" : m.provider().strip();
                        LOG.info(() -> "model alias '" + alias + "' (" + provider
                                + ") is skipped: its api-key is not set");
                    } else {
                        usable.add(route.get());
                        usablePaths.add(path);
                    }
                }
            }
            requireAliases(defined, keys, sections);
            RoutingTable routing = RoutingYaml.table(usable, skipped, usablePaths, routes);
            sections.put(ConfigSections.SHADOW, ShadowYaml.targets(models, usable, skipped,
                    (ShadowSettings) sections.get(ConfigSections.SHADOW)));
            List<Deployment> deployments = usable.stream().map(r -> r.deployments().getFirst().primary()).toList();
            CacheSettings cacheSettings = CacheYaml.resolve(cache, thresholdByAlias);
            String judge = cacheSettings.judge().alias();
            if (judge != null && usable.stream().noneMatch(r -> r.alias().equals(judge))) {
                throw ConfigException.at("cache.judge.alias", "'" + judge + "' is not a configured model alias"
                        + (skipped.contains(judge) ? " that can be called (its api-key is not set)" : ""));
            }
            GatewayConfig.Builder config = GatewayConfig.builder(deployments).server(serverConfig).dataDir(data)
                    .admin(adminConfig).keys(apiKeys).skippedModels(skipped).cache(cacheSettings).routing(routing);
            sections.put(ConfigSections.GUARDRAILS, guardrails.withAliases(guardrailsByAlias));
            sections.forEach(config::sectionValue);
            return config.build();
        }
    }

    /**
     * Every alias named by a key's {@code models}, {@code budgets.aliases} and {@code limits.aliases} is defined
     * (a skipped one, whose api-key is not set, counts): a misspelt alias would otherwise bound nothing, silently.
     */
    private static void requireAliases(Set<String> defined, List<ApiKey.Yaml> keys,
                                       Map<ConfigSection<?, ?>, Object> sections) {
        for (int i = 0; keys != null && i < keys.size(); i++) {
            List<String> models = keys.get(i).models() == null ? List.of() : keys.get(i).models();
            for (int m = 0; m < models.size(); m++) {
                String alias = models.get(m).strip();
                if (!defined.contains(alias)) {
                    throw ConfigException.at("keys[" + i + "].models[" + m + "]", "'" + alias + "' is not a model alias");
                }
            }
        }
        BudgetSettings budgets = (BudgetSettings) sections.get(ConfigSections.BUDGETS);
        LimitSettings limits = (LimitSettings) sections.get(ConfigSections.LIMITS);
        requireDefined("budgets.aliases", budgets.aliases().keySet(), defined);
        requireDefined("limits.aliases", limits.aliases().keySet(), defined);
    }

    private static void requireDefined(String path, Set<String> named, Set<String> defined) {
        named.stream().filter(alias -> !defined.contains(alias)).sorted().findFirst().ifPresent(alias -> {
            throw ConfigException.at(path + "." + alias, "'" + alias + "' is not a model alias");
        });
    }

    /** The aliases, comma separated: for the start-up line. */
    public static String aliases(GatewayConfig config) {
        return config.models().stream().map(Deployment::alias).collect(Collectors.joining(", "));
    }
}
