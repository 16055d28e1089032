using System.Net;
using System.Text;
using System.Text.Json;
using LinfenFlows.Shared;
using LinfenFlows.Shared.Identity;
using LinfenFlows.Shared.People;
using LinfenFlows.Shared.Time;
using LinfenFlows.Workflows;
using LinfenFlows.Workflows.Veterinary;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LinfenFlows.Bench;

/// <summary>A stage's time and storage requests per item, in all and by purpose.</summary>
public sealed record StageFigures(string Stage, int Items, double Seconds, double RequestsPerItem,
    IReadOnlyDictionary<string, double> ByPurpose);

/// <summary>
/// The training at the city's scale: N vets registered by roster across the 18 counties, a year of online hours for each,
/// M certificates uploaded over HTTP on 20 December (each starting its verification), then the year's close for every vet.
/// Prints the time and the storage requests per vet (or per upload) of each stage.
/// </summary>
public static class VeterinaryBench
{
    private static readonly Caller City = new("bench-nyj", "市农业农村局（压测）", Organisations.CityAgricultureBureau,
        new HashSet<string> { Roles.Applicant });

    public static async Task<IReadOnlyList<StageFigures>> RunAsync(StorageProxy storage, int vets, int uploads, int concurrency)
    {
        var services = new ServiceCollection().AddLogging()
            .AddLinfenFlows(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { [Settings.Storage] = storage.ConnectionString }).Build())
            .BuildServiceProvider();
        await services.GetRequiredService<LinfenFlows.Shared.Storage.StorageAccount>().EnsureCreatedAsync();
        var run = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var year = BeijingTime.DateOf(DateTimeOffset.UtcNow).Year;
        var ids = Enumerable.Range(0, vets).Select(i => $"B{run}-{i:D5}").ToList();
        var figures = new List<StageFigures>();
        void Done(StageFigures stage)
        {
            figures.Add(stage);
            Console.WriteLine($"  {stage.Stage}: {stage.Items:N0} in {stage.Seconds:0.0} s, " +
                $"{stage.RequestsPerItem:0.0} storage requests each");
        }

        // Rosters, one per county.
        var meter = Meter.Start(storage);
        var registration = services.GetRequiredService<VetRegistration>();
        var byCounty = ids.Select((id, i) => (Id: id, County: Counties.All[i % Counties.All.Count])).GroupBy(x => x.County);
        foreach (var county in byCounty)
        {
            var csv = new StringBuilder(string.Join(",", VetRegistration.CsvColumns)).Append('\n');
            foreach (var (id, _) in county) csv.Append($"{id},压测兽医,{county.Key.Name},官方兽医,{year - 2}-03-01,,{year - 1},是\n");
            await registration.ImportCsvAsync(City, csv.ToString());
        }
        Done(new StageFigures("登记（花名册导入）", vets, meter.Elapsed, meter.Requests / (double)vets,
            meter.PerCase(vets)));

        // A year of online hours, in batches of 5,000.
        meter = Meter.Start(storage);
        var intake = services.GetRequiredService<TrainingIntake>();
        var day = BeijingTime.DateOf(DateTimeOffset.UtcNow).AddDays(-1);
        foreach (var chunk in ids.Chunk(5000))
            await intake.RecordOnlineAsync(new OnlineBatch($"bench-{run}-{chunk[0]}",
                [.. chunk.Select((id, i) => new OnlineHours(id, day, i % 3 == 0 ? 20 : 32, "年度线上课程"))]));
        Done(new StageFigures("线上学时（每批5000条）", vets, meter.Elapsed, meter.Requests / (double)vets,
            meter.PerCase(vets)));

        // Certificates uploaded on the last day, over HTTP, each starting its verification workflow.
        if (uploads > 0)
        {
            // Each county bureau's clerk uploads for its vets: one person a county in the directory.
            var clerks = await BenchClerksAsync(services);
            await using var host = await LocalHostRun.StartAsync(storage.ConnectionString);
            meter = Meter.Start(storage);
            var pdf = Encoding.UTF8.GetBytes("%PDF-1.4\n% 培训证书（压测）\n%%EOF\n");
            await Bounded.RunAsync(ids.Take(uploads).Select((id, i) => (id, i)), concurrency, async x =>
            {
                var self = clerks[Counties.All[x.i % Counties.All.Count].Code];
                using var form = new MultipartFormDataContent
                {
                    {
                        new StringContent(JsonSerializer.Serialize(new CertificateClaim(x.id, "外部培训班", day, 4), Json.Options)),
                        "certificate"
                    },
                    { new ByteArrayContent([.. pdf, .. Encoding.UTF8.GetBytes(x.id)]), "file", "证书.pdf" },
                };
                using var message = new HttpRequestMessage(HttpMethod.Post, "api/" + Routes.VetCertificates) { Content = form };
                message.Headers.Add(Principal.HeaderName, self.ToPrincipalHeader());
                using var response = await host.Http.SendAsync(message);
                if (response.StatusCode != HttpStatusCode.Created)
                    throw new InvalidOperationException($"Upload refused: {await response.Content.ReadAsStringAsync()}");
                return 0;
            });
            Done(new StageFigures("证书上传（HTTP，启动核验流程）", uploads, meter.Elapsed, meter.Requests / (double)uploads,
            meter.PerCase(uploads)));
        }

        // The close, county by county, as the year-close workflow's activities run it.
        meter = Meter.Start(storage);
        var close = services.GetRequiredService<TrainingYearActivities>();
        await Bounded.RunAsync(Counties.All, 3, c => close.CloseCountyAsync(new CountyYearInput(year, c.Code)));
        Done(new StageFigures("年度结束（每人定结果、开下一年）", vets, meter.Elapsed, meter.Requests / (double)vets,
            meter.PerCase(vets)));
        return figures;
    }

    /// <summary>A clerk (经办) of each county's agriculture bureau, imported into the directory as operators import people.</summary>
    private static async Task<Dictionary<string, Caller>> BenchClerksAsync(IServiceProvider services)
    {
        var csv = new StringBuilder(string.Join(",", DirectoryImport.PeopleColumns)).Append('\n');
        foreach (var c in Counties.All) csv.Append($"bench-nyj-{c.Code},{c.Name}农业农村局经办（压测）,{c.AgricultureBureau},applicant,,,,,,,是\n");
        await services.GetRequiredService<DirectoryImport>().ImportPeopleAsync(City, csv.ToString());
        return Counties.All.ToDictionary(c => c.Code, c => new Caller($"bench-nyj-{c.Code}", $"{c.Name}农业农村局经办（压测）", c.AgricultureBureau,
            new HashSet<string> { Roles.Applicant }));
    }
}
