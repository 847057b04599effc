namespace Signet.Admission;

/// <summary>How <see cref="WorkloadImages"/> classified an object's kind.</summary>
public enum WorkloadKindClass
{
    /// <summary>A built-in kind with a pod spec (Pod, Deployment, CronJob…).</summary>
    Workload,

    /// <summary>A custom kind with a pod spec at a conventional location (e.g. an Argo Rollout).</summary>
    CustomWorkload,

    /// <summary>A built-in kind that runs no container (Service, ConfigMap…): nothing to verify.</summary>
    NotAWorkload,

    /// <summary>A custom kind without a pod spec where Signet looks: Signet cannot tell which images it would run.</summary>
    Unknown,

    /// <summary>The object is malformed (wrong JSON types, a container without an image).</summary>
    Invalid,
}
