using System.Runtime.CompilerServices;
using LinfenFlows.LocalHost;
using LinfenFlows.Shared.Attachments;
using LinfenFlows.Shared.Cases;
using LinfenFlows.Shared.Tasks;
using LinfenFlows.Workflows.Accidents;
using LinfenFlows.Workflows.Reviews;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace LinfenFlows.Tests.Support;

/// <summary>
/// The Functions app's orchestrators and activities on the in-process Durable Task engine, registered exactly as the local
/// host registers them, over the test Azurite. Only the deadline activity may be swapped, to bring deadlines seconds close.
/// </summary>
public sealed class WorkflowHost : IAsyncDisposable
{
    private readonly DurableTaskTestHost host;

    private WorkflowHost(DurableTaskTestHost host) => this.host = host;

    public DurableTaskClient Client => host.Client;
    public IServiceProvider Services => host.Services;

    /// <param name="outputs">Activities (by name) whose result the test changes, e.g. a publicity window brought seconds close.</param>
    /// <param name="clock">The clock the app's services read (durable timers keep the engine's own): for dates like 20 December.</param>
    /// <param name="version">The version new instances start as, when not host.json's (a workflow of an earlier deployment).</param>
    /// <param name="transientFailures">Activities that fail with a transient storage error (503) the first n times they run.</param>
    /// <param name="defects">Activities that fail with an error no retry mends (a defect) the first n times they run.</param>
    public static async Task<WorkflowHost> StartAsync(Deadlines? deadlines = null,
        IReadOnlyDictionary<string, Func<object?, object?>>? outputs = null, TimeProvider? clock = null, string? version = null,
        IReadOnlyDictionary<string, int>? transientFailures = null, IReadOnlyDictionary<string, int>? defects = null)
    {
        Azurite.Storage();
        var catalog = FunctionCatalog.Load();
        var replace = new Dictionary<string, Func<IServiceProvider, ITaskActivity>>();
        foreach (var (name, change) in outputs ?? new Dictionary<string, Func<object?, object?>>())
        {
            var f = catalog.Functions.Single(f => f.Name == name);
            replace[name] = sp => new Adjusted(DurableFunctions.ActivityOf(f, sp), change);
        }
        if (deadlines is not null)
        {
            replace[AccidentActivities.PlanCityGovernmentReview] = sp =>
                new NearDeadlines(sp.GetRequiredService<AccidentActivities>(), deadlines);
            if (deadlines.FollowUps is { } near)
                replace[AccidentFollowThroughActivities.PlanFollowThrough] = sp =>
                    new NearFollowUps(sp.GetRequiredService<AccidentFollowThroughActivities>(), near);
        }
        void Fail(IReadOnlyDictionary<string, int>? activities, Func<Exception> fault)
        {
            foreach (var (name, times) in activities ?? new Dictionary<string, int>())
            {
                var f = catalog.Functions.Single(f => f.Name == name);
                var inner = replace.GetValueOrDefault(name);
                var left = new StrongBox<int>(times); // one count across the activity's runs (each run gets a new instance)
                replace[name] = sp => new Failing(inner?.Invoke(sp) ?? DurableFunctions.ActivityOf(f, sp), left, fault);
            }
        }
        Fail(transientFailures, () => new Azure.RequestFailedException(503, "The server is busy (a transient fault the test injected)."));
        Fail(defects, () => new InvalidOperationException("Sequence contains no elements (a defect the test injected)."));
        var versioning = DurableVersioning.Read()!;
        var options = new DurableTaskTestHostOptions
        {
            ConfigureServices = s =>
            {
                TestServices.AddTo(s, clock);
                // The same versioning rule as host.json gives both hosts.
                s.Configure<DurableTaskWorkerOptions>(o => o.Versioning = versioning.ToWorkerOptions());
                s.Configure<DurableTaskClientOptions>(o => o.DefaultVersion = version ?? versioning.Version);
            },
        };
        // The test host picks a free port and then binds it; with many hosts starting at once another may take it in between.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return new WorkflowHost(await DurableTaskTestHost.StartAsync(r => DurableFunctions.Register(r, catalog, replace), options));
            }
            catch (IOException e) when (attempt < 5 && e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
            }
        }
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>What a task's holder does with the link in their mail.</summary>
    public Task<TaskDecision> DecideAsync(string caseId, string taskId, string decision, string? opinion = null) =>
        ActAsync(caseId, taskId, decision, opinion);

    public async Task<OrchestrationMetadata> CompletionAsync(string caseId, int seconds = 60)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        return await Client.WaitForInstanceCompletionAsync(caseId, getInputsAndOutputs: true, timeout.Token);
    }

    /// <summary>Waits until the city government's reply has been issued and returns the case as it then stands.</summary>
    public async Task<CaseEntity> RepliedAsync(string caseId, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var c = await Get<CaseJournal>().GetAsync(new CaseId(caseId));
            if (c.DocumentNumber is not null) return c;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No reply was issued for case {caseId}.");
            await Task.Delay(200);
        }
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    /// <summary>How far the review deadlines lie from the moment they are planned; null keeps the legal deadline.</summary>
    /// <param name="FollowUps">Follow-through tasks (by task id) whose deadline is brought this close.</param>
    public sealed record Deadlines(TimeSpan? First = null, TimeSpan? AfterEscalation = null, TimeSpan PlanDelay = default,
        IReadOnlyDictionary<string, TimeSpan>? FollowUps = null);

    /// <summary>
    /// What a person does with a task's link: sign for it, report with a file, publish with items withheld, fill in scores.
    /// </summary>
    public async Task<TaskDecision> ActAsync(string caseId, string taskId, string decision, string? opinion = null,
        UploadedFile? file = null, IReadOnlyList<string>? selected = null, IReadOnlyDictionary<string, string>? values = null)
    {
        var task = await Get<TaskFinder>().ByLinkAsync(await Services.ReviewTokenAsync(caseId, taskId));
        return await Get<TaskDesk>().DecideAsync(Client, task, new TaskActionRequest(decision, opinion, selected, values, file));
    }

    private sealed class Adjusted(ITaskActivity real, Func<object?, object?> change) : ITaskActivity
    {
        public Type InputType => real.InputType;
        public Type OutputType => real.OutputType;

        public async Task<object?> RunAsync(TaskActivityContext context, object? input) => change(await real.RunAsync(context, input));
    }

    /// <summary>Throws the fault while <paramref name="left"/> runs remain; then runs the real activity.</summary>
    private sealed class Failing(ITaskActivity real, StrongBox<int> left, Func<Exception> fault) : ITaskActivity
    {
        public Type InputType => real.InputType;
        public Type OutputType => real.OutputType;

        public Task<object?> RunAsync(TaskActivityContext context, object? input) =>
            Interlocked.Decrement(ref left.Value) >= 0 ? throw fault() : real.RunAsync(context, input);
    }

    private sealed class NearFollowUps(AccidentFollowThroughActivities real, IReadOnlyDictionary<string, TimeSpan> near) : ITaskActivity
    {
        public Type InputType => typeof(PlanFollowThroughInput);
        public Type OutputType => typeof(FollowThroughPlan);

        public async Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            var plan = await real.PlanAsync((PlanFollowThroughInput)input!);
            TaskSpec Near(TaskSpec s) => near.TryGetValue(s.TaskId, out var soon) ? s with { DueAt = DateTimeOffset.UtcNow + soon } : s;
            return new FollowThroughPlan(plan.HandOffs.Select(Near).ToList(), plan.Measures.Select(Near).ToList(), Near(plan.Disclosure));
        }
    }

    private sealed class NearDeadlines(AccidentActivities real, Deadlines deadlines) : ITaskActivity
    {
        public Type InputType => typeof(PlanReviewInput);
        public Type OutputType => typeof(TaskSpec);

        public async Task<object?> RunAsync(TaskActivityContext context, object? input)
        {
            var plan = (PlanReviewInput)input!;
            var spec = await real.PlanAsync(plan);
            await Task.Delay(deadlines.PlanDelay);
            var near = plan.Escalation == 0 ? deadlines.First : deadlines.AfterEscalation;
            return near is null ? spec : spec with { DueAt = DateTimeOffset.UtcNow + near.Value };
        }
    }
}
