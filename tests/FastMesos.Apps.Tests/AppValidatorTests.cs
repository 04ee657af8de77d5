using FastMesos.Apps.Constraints;
using FastMesos.Apps.Json;
using FastMesos.Apps.Model;
using FastMesos.Apps.Validation;

namespace FastMesos.Apps.Tests;

public sealed class AppValidatorTests
{
    private static ValidationResult ValidateJson(string json)
    {
        AppReadResult r = AppJsonReader.Read(json);
        Assert.False(r.IsMalformed);
        Assert.Empty(r.JsonErrors);
        return AppValidator.Validate(r);
    }

    // §14 scenario 3.
    [Theory]
    [InlineData("""{"id":"/a","cmd":"true","args":["y"]}""")]
    [InlineData("""{"id":"/a"}""")]
    public void Cmd_and_args_together_or_neither_without_container_are_rejected(string json)
    {
        ValidationResult v = ValidateJson(json);
        Assert.Equal([AppValidator.CmdArgsOrContainer], v.At("/"));
    }

    [Fact]
    public void A_container_alone_is_enough()
    {
        Assert.True(ValidateJson("""{"id":"/a","container":{"docker":{"image":"nginx"}}}""").IsValid);
        Assert.True(ValidateJson("""{"id":"/a","args":["x"],"container":{"type":"MESOS"}}""").IsValid);
    }

    [Theory]
    [InlineData("""{"id":"/a","cmd":"x"}""", AppValidator.EmptyCmd)]
    [InlineData("""{"id":"/a","cmd":""}""", AppValidator.EmptyCmd)]
    [InlineData("""{"id":"/","cmd":"true"}""", AppValidator.NotRoot)]
    public void Whole_app_rules_are_reported_at_the_root_path(string json, string message)
    {
        Assert.Contains(message, ValidateJson(json).At("/"));
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("//cmd", true)]
    [InlineData("/opt/executor", true)]
    [InlineData("executor/bin", true)]
    [InlineData("/opt//x", false)]
    [InlineData("/", false)]
    public void Executor_must_fully_match_marathons_pattern(string executor, bool valid)
    {
        ValidationResult v = ValidateJson($$"""{"id":"/a","cmd":"true","executor":"{{executor}}"}""");
        Assert.Equal(valid, v.At("/executor").Count == 0);
    }

    // specs/marathon.md §Data file: the RAML all-fields app.json is invalid as published
    // (cmd with args, ipAddress with portDefinitions); this is its shape, trimmed.
    [Fact]
    public void The_raml_all_fields_example_shape_is_rejected()
    {
        AppReadResult r = AppJsonReader.Read("""
            {"id":"/foo","cmd":"env && sleep 300","args":["/bin/sh","-c","env && sleep 300"],
             "ipAddress":{"groups":["backend"],"networkName":"my-network"},"portDefinitions":[{"port":0,"name":"http"}]}
            """);
        ValidationResult v = AppValidator.Validate(r);
        Assert.Contains(AppValidator.CmdArgsOrContainer, v.At("/"));
        Assert.Contains("cannot specify both an IP address and port", v.At("/"));
    }

    // §14 scenario 4.
    [Fact]
    public void Minimum_health_capacity_above_one_is_rejected_at_its_path()
    {
        ValidationResult v = ValidateJson("""{"id":"/a","cmd":"true","upgradeStrategy":{"minimumHealthCapacity":1.5}}""");
        Assert.Single(v.Errors);
        Assert.Equal(["is greater than 1"], v.At("/upgradeStrategy/minimumHealthCapacity"));
    }

    // §14 scenario 5.
    [Fact]
    public void Bad_and_reserved_ids_are_rejected_at_id()
    {
        Assert.Equal([PathId.SegmentMessage], ValidateJson("""{"id":"/My_App","cmd":"true"}""").At("/id"));
        Assert.Equal([PathId.ReservedMessage], ValidateJson("""{"id":"/foo/restart","cmd":"true"}""").At("/id"));
    }

    // §14 scenario 26.
    [Theory]
    [InlineData("""["hostname","UNIQUE","x"]""", ConstraintParser.UniqueWithValue)]
    [InlineData("""["rack_id","MAX_PER"]""", ConstraintParser.MaxPerNotInteger)]
    [InlineData("""["rack_id","FOO"]""", ConstraintParser.UnknownOperator)]
    [InlineData("""["rack_id","LIKE","("]""", "'(' is not a valid regular expression")]
    public void Invalid_constraints_are_422_with_marathons_messages(string constraint, string message)
    {
        ValidationResult v = ValidateJson("""{"id":"/a","cmd":"true","constraints":[""" + constraint + "]}");
        Assert.Equal([message], v.At("/constraints(0)"));
    }

    // §14 scenario 34.
    [Fact]
    public void Resident_apps_need_disabled_unreachable_zero_over_capacity_and_a_single_segment_path()
    {
        const string volume = "\"container\":{\"type\":\"MESOS\",\"volumes\":[{\"containerPath\":\"data\",\"mode\":\"RW\",\"persistent\":{\"size\":10}}]}";
        ValidationResult unreachable = ValidateJson("""{"id":"/r","cmd":"true",""" + volume + ""","unreachableStrategy":{"inactiveAfterSeconds":0,"expungeAfterSeconds":0}}""");
        Assert.Equal([AppValidator.ResidentUnreachable], unreachable.At("/"));

        ValidationResult overCapacity = ValidateJson("""{"id":"/r","cmd":"true",""" + volume + ""","upgradeStrategy":{"minimumHealthCapacity":0.5,"maximumOverCapacity":0.5}}""");
        Assert.Equal(["got 0.5, expected 0.0"], overCapacity.At("/upgradeStrategy/maximumOverCapacity"));

        ValidationResult slash = ValidateJson("""{"id":"/r","cmd":"true","container":{"type":"MESOS","volumes":[{"containerPath":"/data","mode":"RW","persistent":{"size":10}}]}}""");
        Assert.Equal([AppValidator.ContainerPathSlash], slash.At("/container/volumes(0)/containerPath"));

        ValidationResult size = ValidateJson("""{"id":"/r","cmd":"true","container":{"type":"MESOS","volumes":[{"containerPath":"d","mode":"RW","persistent":{"size":0}}]}}""");
        Assert.Equal(["got 0, expected more than 0"], size.At("/container/volumes(0)/persistent/size"));
    }

    [Theory]
    [InlineData("cpus", "0", "must be greater than or equal to 0.001")]
    [InlineData("mem", "-1", "must be greater than or equal to 0")]
    [InlineData("disk", "-1", "must be greater than or equal to 0")]
    [InlineData("instances", "-1", "must be greater than or equal to 0")]
    [InlineData("backoffFactor", "0.5", "must be greater than or equal to 1")]
    [InlineData("backoffSeconds", "-1", "must be greater than or equal to 0")]
    [InlineData("maxLaunchDelaySeconds", "-1", "must be greater than or equal to 0")]
    [InlineData("taskKillGracePeriodSeconds", "-1", "must be greater than or equal to 0")]
    public void Numeric_ranges(string field, string value, string message)
    {
        ValidationResult v = ValidateJson($$"""{"id":"/a","cmd":"true","{{field}}":{{value}}}""");
        Assert.Equal([message], v.At("/" + field));
    }

    [Fact]
    public void Ports_and_port_names_must_be_unique()
    {
        ValidationResult defs = ValidateJson("""{"id":"/a","cmd":"true","portDefinitions":[{"port":80,"name":"a"},{"port":80,"name":"a"},{"port":0},{"port":0}]}""");
        Assert.Equal([AppValidator.PortsUnique, AppValidator.PortNamesUnique], defs.At("/portDefinitions"));

        ValidationResult mappings = ValidateJson("""
            {"id":"/a","networks":[{"mode":"container/bridge"}],"container":{"docker":{"image":"i"},
             "portMappings":[{"containerPort":80,"servicePort":9000,"name":"p"},{"containerPort":81,"servicePort":9000,"name":"p"}]}}
            """);
        Assert.Equal([AppValidator.ServicePortsUnique, AppValidator.PortNamesUnique], mappings.At("/container/portMappings"));
    }

    [Fact]
    public void Network_and_port_declarations_must_agree()
    {
        Assert.False(ValidateJson("""{"id":"/a","cmd":"true","networks":[{"mode":"container/bridge"}],"portDefinitions":[{"port":0}]}""").IsValid);
        Assert.False(ValidateJson("""{"id":"/a","cmd":"true","container":{"docker":{"image":"i"},"portMappings":[{"containerPort":80}]}}""").IsValid);
        Assert.False(ValidateJson("""{"id":"/a","cmd":"true","networks":[{"mode":"container"}]}""").IsValid);
        AppDefinition named = AppJsonReader.Read("""{"id":"/a","cmd":"true","networks":[{"mode":"container"}]}""").App!;
        Assert.True(AppValidator.Validate(named, new AppValidationContext { DefaultNetworkName = "dcos" }).IsValid);
    }

    [Fact]
    public void Health_check_rules()
    {
        Assert.True(ValidateJson("""{"id":"/a","cmd":"true","healthChecks":[{"protocol":"HTTP","path":"/health"}]}""").IsValid);
        ValidationResult index = ValidateJson("""{"id":"/a","cmd":"true","healthChecks":[{"protocol":"HTTP","portIndex":1}]}""");
        Assert.Equal(["Health check port indices must address an element of the ports array or container port mappings."], index.At("/healthChecks(0)"));
        ValidationResult twoMesos = ValidateJson("""{"id":"/a","cmd":"true","healthChecks":[{"protocol":"MESOS_HTTP"},{"protocol":"MESOS_TCP"}]}""");
        Assert.Equal(["AppDefinition can contain at most one Mesos health check"], twoMesos.At("/healthChecks"));
        Assert.True(ValidateJson("""{"id":"/a","cmd":"true","healthChecks":[{"protocol":"COMMAND","command":{"value":"a"}},{"protocol":"COMMAND","command":{"value":"b"}}]}""").IsValid);
        Assert.True(ValidateJson("""{"id":"/a","cmd":"true","portDefinitions":[{"port":0},{"port":0}],"healthChecks":[{"port":8080}]}""").IsValid);
        Assert.False(ValidateJson("""{"id":"/a","cmd":"true","portDefinitions":[{"port":0},{"port":0}],"healthChecks":[{}]}""").IsValid);
        ValidationResult command = ValidateJson("""{"id":"/a","cmd":"true","healthChecks":[{"protocol":"COMMAND"}]}""");
        Assert.Equal(["must not be empty"], command.At("/healthChecks(0)/command"));
        ValidationResult interval = ValidateJson("""{"id":"/a","cmd":"true","healthChecks":[{"intervalSeconds":0}]}""");
        Assert.Equal(["must be greater than or equal to 1"], interval.At("/healthChecks(0)/intervalSeconds"));
        AppDefinition hc = AppJsonReader.Read("""{"id":"/a","cmd":"true","healthChecks":[{"protocol":"COMMAND","command":{"value":"true"}}]}""").App!;
        HealthCheck h = Assert.Single(hc.HealthChecks);
        Assert.Equal((300, 60, 20, 3, 15), (h.GracePeriodSeconds, h.IntervalSeconds, h.TimeoutSeconds, h.MaxConsecutiveFailures, h.DelaySeconds));
    }

    [Fact]
    public void Readiness_check_rules()
    {
        AppDefinition app = AppJsonReader.Read("""{"id":"/a","cmd":"true","portDefinitions":[{"port":0,"name":"http-api"}],"readinessChecks":[{}]}""").App!;
        ReadinessCheck r = Assert.Single(app.ReadinessChecks);
        Assert.Equal(new ReadinessCheck(), r);
        Assert.Equal([200], r.HttpStatusCodesForReady);
        Assert.True(AppValidator.Validate(app).IsValid);

        ValidationResult v = ValidateJson("""{"id":"/a","cmd":"true","readinessChecks":[{"portName":"web","intervalSeconds":10,"timeoutSeconds":10},{}]}""");
        Assert.Equal(["got 2, expected 1 or less"], v.At("/readinessChecks"));
        Assert.Equal(["got 10, expected less than 10"], v.At("/readinessChecks(0)/timeoutSeconds"));
        Assert.Equal(["No port definition reference for portName web"], v.At("/readinessChecks(0)/portName"));
    }

    [Fact]
    public void Unreachable_inactive_must_not_exceed_expunge_and_single_instance_label_is_enforced()
    {
        ValidationResult u = ValidateJson("""{"id":"/a","cmd":"true","unreachableStrategy":{"inactiveAfterSeconds":10,"expungeAfterSeconds":5}}""");
        Assert.False(u.IsValid);
        ValidationResult single = ValidateJson("""{"id":"/a","cmd":"true","instances":2,"labels":{"MARATHON_SINGLE_INSTANCE_APP":"true"}}""");
        Assert.Equal([AppValidator.SingleInstanceCount], single.At("/"));
        Assert.Equal(["got 1.0, expected 0.0"], single.At("/upgradeStrategy/minimumHealthCapacity"));
    }

    [Fact]
    public void Env_secret_references_must_name_a_secret()
    {
        Assert.True(ValidateJson("""{"id":"/a","cmd":"true","env":{"P":{"secret":"s"}},"secrets":{"s":{"source":"db/pw"}}}""").IsValid);
        Assert.NotEmpty(ValidateJson("""{"id":"/a","cmd":"true","env":{"P":{"secret":"t"}}}""").At("/env/P"));
    }

    [Fact]
    public void Docker_containerizer_rejects_gpus()
    {
        ValidationResult v = ValidateJson("""{"id":"/a","gpus":1,"container":{"docker":{"image":"i"}}}""");
        Assert.Equal([AppValidator.GpuNeedsMesos], v.At("/"));
    }
}
