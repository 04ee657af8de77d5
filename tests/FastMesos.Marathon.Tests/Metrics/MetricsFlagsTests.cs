using FastMesos.Hosting.Flags;
using FastMesos.Marathon.Cli;

namespace FastMesos.Marathon.Tests.Metrics;

/// <summary>Marathon's metrics flags: defaults, the reporters they turn on, and clear errors for bad values.</summary>
public sealed class MetricsFlagsTests
{
    [Fact]
    public void Defaults_have_the_marathon_prefix_prometheus_on_and_no_reporters()
    {
        MarathonOptions options = Build();
        Assert.Equal("marathon", options.MetricsNamePrefix);
        Assert.False(options.DisableMetricsPrometheus);
        Assert.Null(options.Statsd);
        Assert.Null(options.DataDog);
        Assert.Null(options.Graphite);
    }

    [Fact]
    public void Reporter_flags_configure_statsd_datadog_and_graphite()
    {
        MarathonOptions options = Build("--metrics_name_prefix=mara", "--disable_metrics_prometheus",
            "--metrics_statsd", "--metrics_statsd_host=10.0.0.1", "--metrics_statsd_port=9125", "--metrics_statsd_transmission_interval_ms=500",
            "--metrics_datadog", "--metrics_datadog_protocol=udp",
            "--reporter_graphite=tcp://carbon:2003?prefix=p&interval=30");
        Assert.Equal("mara", options.MetricsNamePrefix);
        Assert.True(options.DisableMetricsPrometheus);
        Assert.Equal(("10.0.0.1", 9125, TimeSpan.FromMilliseconds(500)), (options.Statsd!.Host, options.Statsd.Port, options.Statsd.Interval));
        Assert.Equal(("localhost", 8125), (options.DataDog!.Host, options.DataDog.Port));
        Assert.Equal(("carbon", 2003, "p", TimeSpan.FromSeconds(30)), (options.Graphite!.Host, options.Graphite.Port, options.Graphite.Prefix, options.Graphite.Interval));
    }

    [Theory]
    [InlineData("metrics_datadog_protocol", "--metrics_datadog", "--metrics_datadog_protocol=api")]
    [InlineData("metrics_datadog_protocol", "--metrics_datadog", "--metrics_datadog_protocol=tcp")]
    [InlineData("metrics_statsd_port", "--metrics_statsd", "--metrics_statsd_port=70000")]
    [InlineData("metrics_statsd_transmission_interval_ms", "--metrics_statsd", "--metrics_statsd_transmission_interval_ms=0")]
    [InlineData("reporter_graphite", "--reporter_graphite=http://x:1", "--metrics_statsd=false")]
    [InlineData("metrics_name_prefix", "--metrics_name_prefix=a b", "--metrics_statsd=false")]
    public void Bad_values_name_the_flag(string flag, string first, string second)
    {
        FormatException e = Assert.Throws<FormatException>(() => Build(first, second));
        Assert.Contains($"'{flag}'", e.Message, StringComparison.Ordinal);
    }

    private static MarathonOptions Build(params string[] extra)
    {
        var flags = new FlagSet("test");
        var marathon = new MarathonFlags(flags);
        string[] args = ["--master=127.0.0.1:5050", .. extra];
        return marathon.Build(flags.Parse(args), null, out _);
    }
}
