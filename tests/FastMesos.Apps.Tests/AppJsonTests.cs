using FastMesos.Apps.Constraints;
using FastMesos.Apps.Json;
using FastMesos.Apps.Model;
using FastMesos.Apps.Validation;

namespace FastMesos.Apps.Tests;

public sealed class AppJsonTests
{
    private static AppDefinition ReadOk(string json, PathId? parent = null)
    {
        AppReadResult r = AppJsonReader.Read(json, parent);
        Assert.True(r.IsOk, $"{r.MalformedDetails} {new ValidationResult(r.JsonErrors)} {new ValidationResult(r.ValidationErrors)}");
        return r.App!;
    }

    [Theory]
    [MemberData(nameof(AppTestData.ExampleApps), MemberType = typeof(AppTestData))]
    public void Every_example_app_parses_validates_and_round_trips(string source, string json)
    {
        AppDefinition app = ReadOk(json);
        ValidationResult v = AppValidator.Validate(app);
        Assert.True(v.IsValid, source + ": " + v);
        Assert.Equal(app, ReadOk(AppJsonWriter.Write(app)));
    }

    // specs/marathon.md §14 scenario 6.
    [Fact]
    public void Omitted_fields_get_marathons_defaults()
    {
        AppDefinition app = ReadOk("""{"id":"/d","cmd":"sleep 100"}""");
        Assert.Equal(1.0, app.Cpus);
        Assert.Equal(128.0, app.Mem);
        Assert.Equal(0.0, app.Disk);
        Assert.Equal(0, app.Gpus);
        Assert.Equal(1, app.Instances);
        Assert.Equal(1, app.BackoffSeconds);
        Assert.Equal(1.15, app.BackoffFactor);
        Assert.Equal(300, app.MaxLaunchDelaySeconds);
        Assert.Equal(new UpgradeStrategy(1, 1), app.UpgradeStrategy);
        Assert.Equal(KillSelection.YoungestFirst, app.KillSelection);
        Assert.Equal(UnreachableStrategy.Enabled(0, 0), app.UnreachableStrategy);
        Assert.Equal([Network.Host], app.Networks);
        Assert.False(app.RequirePorts);
        PortDefinition port = Assert.Single(app.PortDefinitions);
        Assert.Equal(new PortDefinition { Port = 0, Name = "default", Protocol = "tcp" }, port);
        Assert.True(AppValidator.Validate(app).IsValid);

        string written = AppJsonWriter.Write(app);
        Assert.Contains("\"killSelection\":\"YOUNGEST_FIRST\"", written);
        Assert.Contains("\"unreachableStrategy\":{\"inactiveAfterSeconds\":0,\"expungeAfterSeconds\":0}", written);
        Assert.Contains("\"portDefinitions\":[{\"port\":0,\"protocol\":\"tcp\",\"name\":\"default\"}]", written);
        Assert.Contains("\"networks\":[{\"mode\":\"host\"}]", written);
        Assert.Contains("\"upgradeStrategy\":{\"minimumHealthCapacity\":1,\"maximumOverCapacity\":1}", written);
    }

    [Fact]
    public void Empty_port_definitions_stay_empty_and_non_host_apps_get_no_default_port()
    {
        Assert.Empty(ReadOk("""{"id":"/a","cmd":"true","portDefinitions":[]}""").PortDefinitions);
        AppDefinition bridge = ReadOk("""{"id":"/b","networks":[{"mode":"container/bridge"}],"container":{"docker":{"image":"x"},"portMappings":[{"containerPort":80}]}}""");
        Assert.Empty(bridge.PortDefinitions);
        Assert.Equal(0, bridge.Container!.PortMappings[0].HostPort);
        AppDefinition user = ReadOk("""{"id":"/c","networks":[{"mode":"container","name":"n"}],"container":{"docker":{"image":"x"},"portMappings":[{"containerPort":80}]}}""");
        Assert.Null(user.Container!.PortMappings[0].HostPort);
    }

    [Fact]
    public void Resident_apps_default_to_disabled_unreachable_and_half_zero_upgrade()
    {
        AppDefinition app = ReadOk("""{"id":"/r","cmd":"true","container":{"type":"MESOS","volumes":[{"containerPath":"data","mode":"RW","persistent":{"size":10}}]}}""");
        Assert.True(app.IsResident);
        Assert.True(app.UnreachableStrategy.IsDisabled);
        Assert.Equal(UpgradeStrategy.ResidentDefault, app.UpgradeStrategy);
        Assert.Contains("\"unreachableStrategy\":\"disabled\"", AppJsonWriter.Write(app));
    }

    [Fact]
    public void Deprecated_fields_are_normalized_and_never_written_back()
    {
        AppDefinition app = ReadOk("""
            {"id":"/old","cmd":"true","ports":[8080,0],"uris":["http://h/a.tgz","http://h/run.sh"],
             "container":{"type":"DOCKER","docker":{"image":"img","network":"BRIDGE",
               "portMappings":[{"containerPort":80,"hostPort":0,"servicePort":9000}]}}}
            """);
        Assert.Equal(NetworkMode.ContainerBridge, Assert.Single(app.Networks).Mode);
        Assert.Equal([new PortDefinition { Port = 8080 }, new PortDefinition { Port = 0 }], app.PortDefinitions);
        Assert.Equal(new FetchUri { Uri = "http://h/a.tgz", Extract = true }, app.Fetch[0]);
        Assert.Equal(new FetchUri { Uri = "http://h/run.sh", Extract = false }, app.Fetch[1]);
        Assert.Equal(9000, Assert.Single(app.Container!.PortMappings).ServicePort);

        string written = AppJsonWriter.Write(app);
        foreach (string deprecated in (string[])["\"ports\"", "\"uris\"", "\"ipAddress\"", "\"network\"", "\"docker\":{\"image\":\"img\",\"forcePullImage\":false,\"privileged\":false,\"parameters\":[],\"portMappings\""])
            Assert.DoesNotContain(deprecated, written);
        Assert.Contains("\"networks\":[{\"mode\":\"container/bridge\"}]", written);
    }

    [Fact]
    public void IpAddress_and_docker_user_network_become_a_container_network()
    {
        AppDefinition a = ReadOk("""{"id":"/a","cmd":"true","ipAddress":{"networkName":"dev"}}""");
        Assert.Equal(new Network { Mode = NetworkMode.Container, Name = "dev" }, Assert.Single(a.Networks));
        Assert.Empty(a.PortDefinitions);
        AppDefinition b = ReadOk("""{"id":"/b","ipAddress":{"networkName":"dev"},"container":{"docker":{"image":"i","network":"USER"}}}""");
        Assert.Equal(new Network { Mode = NetworkMode.Container, Name = "dev" }, Assert.Single(b.Networks));
        AppDefinition h = ReadOk("""{"id":"/h","container":{"docker":{"image":"i","network":"HOST"}}}""");
        Assert.Equal([Network.Host], h.Networks);
    }

    [Fact]
    public void Ports_with_port_definitions_only_when_identical_and_uris_never_with_fetch()
    {
        Assert.True(AppJsonReader.Read("""{"id":"/a","cmd":"true","ports":[80],"portDefinitions":[{"port":80}]}""").IsOk);
        AppReadResult clash = AppJsonReader.Read("""{"id":"/a","cmd":"true","ports":[81],"portDefinitions":[{"port":80}]}""");
        Assert.Equal(["cannot specify both ports and port definitions"], new ValidationResult(clash.ValidationErrors).At("/"));
        AppReadResult dup = AppJsonReader.Read("""{"id":"/a","cmd":"true","ports":[80,80,0,0]}""");
        Assert.Equal(["ports must be unique"], new ValidationResult(dup.ValidationErrors).At("/"));
        AppReadResult both = AppJsonReader.Read("""{"id":"/a","cmd":"true","networks":[{"mode":"host"}],"ipAddress":{},"container":{"docker":{"image":"i","network":"HOST"}}}""");
        Assert.Equal(["must not specify both container.docker.network and networks", "must not specify both networks and ipAddress"], new ValidationResult(both.ValidationErrors).At("/"));
        AppReadResult uris = AppJsonReader.Read("""{"id":"/a","cmd":"true","uris":["u"],"fetch":[{"uri":"u"}]}""");
        Assert.Equal("/uris", Assert.Single(uris.ValidationErrors).Path);
    }

    [Fact]
    public void Malformed_json_reports_the_parser_text()
    {
        AppReadResult r = AppJsonReader.Read("""{"id": "/a", "cmd": """);
        Assert.True(r.IsMalformed);
        Assert.False(string.IsNullOrEmpty(r.MalformedDetails));
        Assert.Null(r.App);
    }

    [Fact]
    public void Type_errors_are_collected_with_their_paths()
    {
        AppReadResult r = AppJsonReader.Read("""
            {"id":5,"cmd":"true","cpus":"one","args":"a","labels":[],"requirePorts":1,"instances":1.5,
             "killSelection":"RANDOM","upgradeStrategy":{"minimumHealthCapacity":"x"},
             "constraints":[["a","UNIQUE"],"b"],"healthChecks":[{"protocol":"SMTP"}],"unknownField":{"ignored":true}}
            """);
        var result = new ValidationResult(r.JsonErrors);
        Assert.Equal(["error.expected.jsstring"], result.At("/id"));
        Assert.Equal(["error.expected.jsnumber"], result.At("/cpus"));
        Assert.Equal(["error.expected.jsarray"], result.At("/args"));
        Assert.Equal(["error.expected.jsobject"], result.At("/labels"));
        Assert.Equal(["error.expected.jsboolean"], result.At("/requirePorts"));
        Assert.Equal(["error.expected.int"], result.At("/instances"));
        Assert.Equal(["error.unknown.enum.literal"], result.At("/killSelection"));
        Assert.Equal(["error.expected.jsnumber"], result.At("/upgradeStrategy/minimumHealthCapacity"));
        Assert.Equal(["error.expected.jsarray"], result.At("/constraints(1)"));
        Assert.Equal(["error.unknown.enum.literal"], result.At("/healthChecks(0)/protocol"));
        Assert.Equal(10, r.JsonErrors.Count);
    }

    [Fact]
    public void Constraint_messages_are_validation_errors_at_the_constraint_index()
    {
        AppReadResult r = AppJsonReader.Read("""{"id":"/a","cmd":"true","constraints":[["hostname","unique"],["rack_id","MAX_PER"]]}""");
        Assert.Empty(r.JsonErrors);
        Assert.Equal(new Constraint("hostname", ConstraintOperator.Unique, null), Assert.Single(r.App!.Constraints));
        Assert.Equal([ConstraintParser.MaxPerNotInteger], new ValidationResult(r.ValidationErrors).At("/constraints(1)"));
    }

    [Fact]
    public void Timestamps_are_written_in_utc_with_millis()
    {
        var t = new DateTimeOffset(2015, 9, 25, 17, 13, 48, 343, TimeSpan.FromHours(2));
        AppDefinition app = ReadOk("""{"id":"/a","cmd":"true"}""") with { Version = t, VersionInfo = new VersionInfo(t, t) };
        string written = AppJsonWriter.Write(app);
        Assert.Contains("\"version\":\"2015-09-25T15:13:48.343Z\"", written);
        Assert.Contains("\"lastScalingAt\":\"2015-09-25T15:13:48.343Z\"", written);
        Assert.Equal(app, ReadOk(written));
    }

    [Fact]
    public void Partial_update_overrides_only_the_fields_present()
    {
        AppDefinition existing = ReadOk("""{"id":"/simple","cmd":"sleep 1000","cpus":0.1,"mem":16,"instances":2,"labels":{"a":"b"}}""");
        AppReadResult r = AppJsonReader.ReadPatch(existing, """{"instances":3,"id":"/ignored"}""");
        Assert.True(r.IsOk);
        Assert.Equal(existing with { Instances = 3 }, r.App);
        Assert.True(r.App!.IsOnlyScaleChange(existing));
        Assert.False(r.App.IsUpgrade(existing));

        AppReadResult cmd = AppJsonReader.ReadUpdate(existing, existing.Id, """{"cmd":"sleep 2000"}""");
        Assert.True(cmd.App!.IsUpgrade(existing));
        Assert.False(cmd.App.IsOnlyScaleChange(existing));
        Assert.Equal(existing.Labels, cmd.App.Labels);

        AppReadResult ports = AppJsonReader.ReadPatch(existing, """{"ports":[0,0]}""");
        Assert.True(ports.IsOk);
        Assert.Equal(2, ports.App!.PortDefinitions.Count);

        AppReadResult full = AppJsonReader.ReadUpdate(existing, existing.Id, """{"cmd":"true"}""", partial: false);
        Assert.Equal(128.0, full.App!.Mem);
        Assert.Equal(existing.Id, full.App.Id);
    }

    // specs/marathon.md §5.1: every config field restarts, instances alone scales.
    [Theory]
    [InlineData("""{"cpus":2}""")]
    [InlineData("""{"env":{"A":"b"}}""")]
    [InlineData("""{"labels":{"a":"c"}}""")]
    [InlineData("""{"constraints":[["hostname","UNIQUE"]]}""")]
    [InlineData("""{"portDefinitions":[]}""")]
    [InlineData("""{"healthChecks":[{}]}""")]
    [InlineData("""{"upgradeStrategy":{"minimumHealthCapacity":0.5}}""")]
    [InlineData("""{"unreachableStrategy":"disabled"}""")]
    [InlineData("""{"killSelection":"OLDEST_FIRST"}""")]
    [InlineData("""{"role":"prod"}""")]
    [InlineData("""{"resourceLimits":{"cpus":"unlimited"}}""")]
    [InlineData("""{"fetch":[{"uri":"http://h/x"}]}""")]
    [InlineData("""{"dependencies":["/db"]}""")]
    [InlineData("""{"container":{"type":"MESOS"}}""")]
    public void Config_changes_are_upgrades(string patch)
    {
        AppDefinition existing = ReadOk("""{"id":"/simple","cmd":"sleep 1000","labels":{"a":"b"}}""");
        AppReadResult r = AppJsonReader.ReadPatch(existing, patch);
        Assert.True(r.IsOk);
        Assert.True(r.App!.IsUpgrade(existing));
        Assert.False(r.App.IsOnlyScaleChange(existing));
        Assert.False(existing.IsUpgrade(existing with { Instances = 5, Version = DateTimeOffset.UnixEpoch }));
    }

    [Fact]
    public void Env_values_are_strings_or_secret_references()
    {
        AppReadResult r = AppJsonReader.Read("""{"id":"/a","cmd":"true","env":{"A":"1","B":{"secret":"s"},"C":3,"D":{}}}""");
        var errors = new ValidationResult(r.JsonErrors);
        Assert.Equal(["error.expected.jsstring"], errors.At("/env/C"));
        Assert.Equal(["error.path.missing"], errors.At("/env/D/secret"));
        Assert.Equal(EnvValue.Of("1"), r.App!.Env["A"]);
        Assert.Equal(EnvValue.FromSecret("s"), r.App.Env["B"]);
    }

    // specs/marathon.md §14 scenario 10.
    [Fact]
    public void Version_body_is_a_rollback_and_may_only_be_combined_with_id()
    {
        AppDefinition existing = ReadOk("""{"id":"/simple","cmd":"true"}""");
        AppReadResult rollback = AppJsonReader.ReadUpdate(existing, existing.Id, """{"id":"/simple","version":"2015-09-25T15:13:48.343Z"}""");
        Assert.True(rollback.IsOk);
        Assert.Equal(new DateTimeOffset(2015, 9, 25, 15, 13, 48, 343, TimeSpan.Zero), rollback.RollbackVersion);

        AppReadResult bad = AppJsonReader.ReadUpdate(existing, existing.Id, """{"version":"2015-09-25T15:13:48.343Z","cmd":"true"}""");
        Assert.Null(bad.RollbackVersion);
        Assert.Equal([AppJsonReader.VersionOnlyWithId], new ValidationResult(bad.ValidationErrors).At("/"));
    }

    [Fact]
    public void Write_fields_goes_into_an_open_object()
    {
        AppDefinition app = ReadOk("""{"id":"/a","cmd":"true"}""");
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            AppJsonWriter.WriteFields(w, app);
            w.WriteNumber("tasksRunning", 0);
            w.WriteEndObject();
        }
        string json = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        Assert.EndsWith(",\"tasksRunning\":0}", json);
        Assert.Equal(app, ReadOk(json));
    }
}
