"""Every phrase of the analysis wing that depends on the data: id -> (Chinese template,
English template). A table of data (exempt from the module-length rule).

Fields in braces are filled by :func:`lingyuan.analysis.words.say` from figures, derived
numbers and verdicts, formatted by the formatter of the language (the spec after the
colon says how: see the table in :mod:`lingyuan.analysis.words`). No figure of the
article is typed here: a phrase holds words; its numbers come from data/raw.

To change a phrase, edit its two templates here (keep the field names); to add one, add
an id and use it with ``say(id, lang, **values)``. The Chinese is written for Chinese
readers, not translated word for word: the two templates of an id say the same thing,
each as its language says it. Ids are ``<topic>.<where>.<what>``.
"""
from __future__ import annotations

PHRASES: dict[str, tuple[str, str]] = {
    # --- comparison words: a compared with b (words.comparison) ---------------------
    "cmp.more_than_twice.pre": ("是", "more than twice"),
    "cmp.more_than_twice.post": ("的两倍多", ""),
    "cmp.more_than_twice.short": ("是其两倍多", "more than twice that"),
    "cmp.less_than_half.pre": ("不到", "less than half"),
    "cmp.less_than_half.post": ("的一半", ""),
    "cmp.less_than_half.short": ("不到其一半", "less than half that"),
    "cmp.about.pre": ("与", "about the same as"),
    "cmp.about.post": ("大致相当", ""),
    "cmp.about.short": ("与其大致相当", "about the same"),
    "cmp.above.pre": ("高于", "above"),
    "cmp.above.post": ("", ""),
    "cmp.above.short": ("高于它", "above that"),
    "cmp.below.pre": ("低于", "below"),
    "cmp.below.post": ("", ""),
    "cmp.below.short": ("低于它", "below that"),

    # --- 10 industry: chart titles ---------------------------------------------------------
    "industry.reach.title": ("累计{projects:m}个产业项目带动贫困人口{reached:M}；2019年新增{new:m}个项目，预计再带动"
                             "{forecast:M}",
                             "{projects:m} projects have reached {reached:m} poor people; the {new:m} new in 2019 are "
                             "expected to reach {forecast:m} more"),
    "industry.capacity.title": ("2019年新增生猪{pigs:M}、肉鸡和鹌鹑{poultry:M}、设施农业及特色种植{agri:M}、光伏{solar:M}",
                                "2019 added {pigs:m} pigs, {poultry:m} broilers and quail, {agri:M} of farmland and "
                                "{solar:M} of solar"),
    "industry.beilu.title": ("北炉乡{total:v}个村中{n:v}个村的扶贫项目预计每年各为村集体增收{low}至{high}",
                             "{n:v} of Beilu's {total:v} villages expect their projects to add {low} to {high} a year "
                             "to collective income"),
    "industry.beilu.no_income": ("{name}：{project}，未报收益", "{name} ({project}): no income given"),
    "industry.grapes.title": ("北房身村葡萄合作社2018年收入{income:M}，扩建冷棚后预计每年收益{forecast:M}",
                              "Beifangshen's grape cooperative took {income:M} in 2018 and expects {forecast:M} a year"),
    "industry.grapes.note": ("成立年份未印出，按“两年多来”推为2017年；2019年收益仅为首批葡萄；项目还可惠及全镇{poor:M}建档立卡"
                             "贫困人口",
                             "founding year not printed, read as 2017; 2019 is the first sales only; the project is "
                             "also expected to benefit {poor:m} registered poor people of the town"),
    "industry.erangou.title": ("二安沟村：{area:M}花椒已获纯收益{net:M}，养猪场预计2019年收入{pig:M}",
                               "Er'angou: {area:M} of Sichuan pepper have netted {net:M}; the pig farm expects {pig:M} "
                               "in 2019"),
    "industry.cooperatives.title": ("2019年初以来新增村领办合作社{coops:m}个，覆盖全市{villages:m}个行政村",
                                    "{coops:m} village-led cooperatives set up since January 2019, covering the city's "
                                    "{villages:m} villages"),

    # --- 20 income: charts -------------------------------------------------------------
    "income.bar.per_reached": ("年效益{benefit:c}\n÷{reached:p}人", "{benefit:c} a year\n÷ {reached:v}"),
    "income.bar.per_headline": ("年效益{benefit:c}\n÷{headline}", "{benefit:c} a year\n÷ {headline:v}-odd"),
    "income.per_capita.title": (
        "贫困人口人均增收{gain:m}；产业年效益预估按人头平均为{per:m}（推算），{cmp.short}",
        "Poor people gained {gain:m} each; the industries' expected yearly returns come to {per:m} per "
        "person (derived), {cmp.short}"),
    "income.per_capita.note": ("；推算值以年效益预估（{benefit:m}）除以带动贫困人口",
                               "; derived = the estimated yearly returns ({benefit:m}) divided by the poor "
                               "people reached"),
    "income.collective.target_line": ("目标：{share:m}的村{five:m}（{year}年全部达到）",
                                      "target: {share:m} of villages at {five:m} (all by {year})"),
    "income.collective.rest_line": ("其余村{two:m}", "the rest at {two:m}"),
    "income.collective.village": ("{village}（{township}）", "{village} ({township})"),
    "income.collective.title.all": (
        "报道金额的{n}个村级项目预计每年为村集体增收均不低于{target:b}的目标",
        "All {n} village projects with an amount are expected to bring their village the {target:b} a year "
        "the city asks for"),
    "income.collective.title.some": (
        "报道金额的{n}个村级项目中{meet}个预计每年为村集体增收不低于{target:b}的目标",
        "{meet} of {n} village projects with an amount are expected to bring their village the {target:b} a "
        "year the city asks for"),
    "income.bar.per_greenhouse": ("2018收入\n÷{n:p}栋温室", "2018 income\n÷ {n:v}\ngreenhouses"),
    "income.bar.sales_per_shed": ("2019首批收益\n÷{n:p}栋冷棚", "2019 first sales\n÷ {n:v} sheds"),
    "income.bar.investment_per_shed": ("2018投资\n÷{n:p}栋冷棚", "2018 investment\n÷ {n:v} sheds"),
    "income.bar.per_project": ("年效益{benefit:c}\n÷{projects:p}个项目", "{benefit:c} a year\n÷ {projects:v} projects"),
    "income.earnings.title": (
        "北房身村葡萄大棚2018年棚均纯收益{net:m}；全市产业年效益平均到每个项目约{per_project:b}（推算）",
        "Beifangshen's grape greenhouses netted {net:m} each in 2018; the city's expected returns average "
        "{per_project:b} per project (derived)"),

    # --- 20 income: findings -------------------------------------------------------------
    "income.finding.derived": (
        "产业年效益{benefit}是预估数，由它推算出的数字也属预计。按正文的带动人数{reached}平均，每人{per:n}；"
        "按标题的“{headline.printed}”平均，每人{per_headline:n}。",
        "The industries' yearly returns of {benefit} are an estimate, so what follows from them is a forecast "
        "too. Over the {reached} of the body text they come to {per:n} a person; over the headline's "
        "“{headline.printed}” ({headline}) to {per_headline:n}."),
    "income.finding.per_capita.differ": (
        "**人均增收。** 报道的贫困人口人均增收{gain:n}，{cmp.pre}产业年效益预估按人头平均的数额"
        "（{per:n}，推算，点纹）{cmp.post}。两个数字衡量的显然不是同一件事（增收可能包括其他来源的收入，"
        "或所计时段不同），原文没有说明二者的关系。右侧小图为每名贫困人口平均覆盖的{projects:v}个项目。",
        "**Per-capita gain.** The reported gain of {gain:n} per poor person is {cmp.pre} what the estimated "
        "yearly returns come to per person ({per:n}, derived, dotted){cmp.post}, so the two figures evidently "
        "measure different things (the gain may include income from other sources, or count a different span "
        "of time); the page does not say how they relate. The small panel is the {projects:v} projects "
        "covering each poor person."),
    "income.finding.per_capita.same": (
        "**人均增收。** 报道的贫困人口人均增收{gain:n}，与产业年效益预估按人头平均的数额（{per:n}，推算，"
        "点纹）大致相当：人均增收像是年效益按带动人数平均的结果。右侧小图为每名贫困人口平均覆盖的"
        "{projects:v}个项目。",
        "**Per-capita gain.** The reported gain of {gain:n} per poor person is about what the estimated yearly "
        "returns come to per person ({per:n}, derived, dotted): the gain looks like the returns divided among "
        "the people reached. The small panel is the {projects:v} projects covering each poor person."),
    "income.finding.collective.all": (
        "报道了金额的{n}个村级项目，预计每年都能为村集体带来不少于{five:b}的增收（虚线），达到市里的要求；"
        "其中最多的是{top_village}，{top}。",
        "Every village project with a reported amount ({n} of them) is expected to bring its village at least "
        "the {five:b} asked for (dashed line); the largest is {top_village}'s, {top}."),
    "income.finding.collective.some": (
        "报道了金额的{n}个村级项目中，{meet}个预计每年能为村集体带来不少于{five:b}的增收（虚线）；"
        "最多的是{top_village}，{top}。",
        "{meet} of the {n} village projects with a reported amount are expected to bring their village the "
        "{five:b} asked for (dashed line); the largest is {top_village}'s, {top}."),
    "income.finding.earnings": (
        "**每栋大棚与每个项目的收益。** 唯一报道的单位数字是北房身村2018年每栋温室的纯收益，{net:n}；"
        "2018年每栋温室的收入（{per_gh:n}，推算）{gh_cmp.pre}此数{gh_cmp.post}。按项目平均，全市产业年效益"
        "预估每个项目{per_project:a}（推算）；相比之下，北炉乡各村级项目每年{low:n}至{high:n}，"
        "德利养猪场2019年预计收入{deli:n}。",
        "**Earnings per greenhouse and per project.** The one reported per-unit figure is the net income per "
        "greenhouse at Beifangshen in 2018, {net:n}; the 2018 income per greenhouse ({per_gh:n}, derived) is "
        "{gh_cmp.pre} it{gh_cmp.post}. Per project, the city's estimated returns average {per_project:a} "
        "a year (derived), against {low:n} to {high:n} for each Beilu village project and {deli:n} expected "
        "from the Deli pig farm in 2019."),

    # --- 30 social security: charts ------------------------------------------------------
    "social.safety_net.title": ("兜底保障{covered:m}人，占贫困人口{share:m}：推算全市贫困人口约{implied:v}人",
                                "The safety net holds {covered:m} people, {share:m} of the poor: about "
                                "{implied:v} poor people in all (derived)"),
    "social.safety_net.note": ("；推算：{arithmetic}，{note}", "; derived: {arithmetic}; {note}"),
    "social.health.title": ("贫困人口住院{stays:m}人次，报销{reimbursed:m}，平均每人次约{per:m.0}（推算）",
                            "{stays:m} hospital stays of poor people, {reimbursed:m} reimbursed: about {per:m.0} "
                            "per stay (derived)"),
    "social.health.note": ("；推算：{arithmetic}；{note}", "; derived: {arithmetic}; {note}"),
    "social.education.title": ("{students:m}名贫困学生平均每人减免学费约{fees:m.0}、获补助约{subs:m.0}（推算）",
                               "Each of {students:m} poor students had about {fees:m.0} of fees waived and "
                               "{subs:m.0} in subsidies (derived)"),
    "social.education.note": ("；推算：{fees}，{subs}（{note}）", "; derived: {fees}, {subs} ({note})"),
    "social.housing.done": ("已完工 {done:m}", "completed {done:v}"),
    "social.housing.bar": ("计划{planned:v}户：已完工{done:m}，未完工{remaining:v}",
                           "planned {planned:v}: completed {done:v}, open {remaining:v}"),
    "social.housing.bar_c": ("计划{planned:v}户：已完工{done:m}（推算：全部完工），未完工{remaining:v}",
                             "planned {planned:v}: completed {done:v} (derived: all finished), open {remaining:v}"),
    "social.housing.title.all_d": ("危房改造{planned:v}户已完工{done:v}户（{share:m}），未完工的{remaining:v}户都是D级",
                                   "{done:v} of {planned:v} house renovations are finished ({share:m}); the "
                                   "{remaining:v} still open are all grade D"),
    "social.housing.title": ("危房改造{planned:v}户已完工{done:v}户（{share:m}），还有{remaining:v}户未完工",
                             "{done:v} of {planned:v} house renovations are finished ({share:m}); {remaining:v} "
                             "are still open"),
    "social.housing.note": (
        "斜线 = 未完工，原文说10月份全部达到入住标准；点纹 = 推算（C级完工数按“C级全部完工”取{c:v}户）；"
        "D级未完工 {d_open:p} = {d:p} − {d_done:p}",
        "Hatched = still open, the page says ready for moving in by October; dotted = derived (grade C "
        "completed taken as all {c:v} from “C级全部完工”); grade D open {d_open:p} = {d:p} − {d_done:p}"),
    "social.employment.title": ("三种途径共带动贫困劳动力{total:v}人（推算合计），其中外出输出{exported:m}人",
                                "Three routes helped {total:v} workers from poor households into work (derived "
                                "total); {exported:m} of them in jobs elsewhere"),
    "social.employment.note": ("；推算：{arithmetic}，{note}", "; derived: {arithmetic}; {note}"),

    # --- 30 social security: findings ------------------------------------------------------
    "social.finding.safety_net": (
        "兜底保障的{covered}占贫困人口的{share:m}，据此推算全市贫困人口约{implied:v}人（{arithmetic}）。"
        "比例只印到一位小数，所以总数只是约数：{low:v}至{high:v}人之间都说得通。",
        "The {covered} under the safety net are {share:m} of the poor, so the poor number about {implied:v} "
        "({arithmetic}). The share is printed to one decimal, so the total is approximate: anything from "
        "{low:v} to {high:v} fits."),
    "social.finding.education": (
        "减免的就学费用和发放的教育补助分别除以{students}贫困学生，得出每名学生平均获得的支持（假定补助发给"
        "同一批学生）：每生减免{fees:n.0}，{cmp.pre}每生补助{subs:n.0}{cmp.post}。",
        "Fees waived and subsidies paid, divided by the {students:v} students, give the support per student "
        "(the subsidies are assumed to go to the same students): {fees:n.0} of fees waived per student, "
        "{cmp.pre} the {subs:n.0} of subsidies{cmp.post}."),
    "social.finding.housing": (
        "原文印出了D级完工数（{done_d:v}户）和全部完工数（{done:v}户），C级只说“全部完工”而没有数字："
        "C级完工数按计划的{c:v}户计，属推算。各等级的计划、完工和未完工户数，以及每个数字的来源：",
        "The page prints completions for grade D ({done_d:v}) and for all grades ({done:v}), and says grade C "
        "is all finished (C级全部完工): completed C is taken as the {c:v} planned, a derived number. Planned, "
        "completed and still open per grade, with where each number comes from:"),
    "social.finding.housing_chart.all_d": (
        "图中所有尚未完工的危房都是D级：C级的条形是满的（点纹，按原文措辞推算），斜线部分是10月份完工的"
        "{remaining:v}户。",
        "In the chart, every still-open renovation is grade D: the grade C bar is complete (dotted, derived "
        "from the wording), the hatched ends are the {remaining:v} houses due in October."),
    "social.finding.housing_chart": (
        "图中斜线部分是尚未完工的{remaining:v}户（其中D级{remaining_d:v}户），原文说10月份完工；"
        "C级的条形按原文措辞推算（点纹）。",
        "In the chart, the hatched ends are the {remaining:v} houses still open ({remaining_d:v} of them "
        "grade D), due in October by the page; the grade C bar is derived from the wording (dotted)."),
    "social.finding.employment.most": (
        "三种途径带动的劳动力相加共{total}（推算合计，假定没有人重复计入），其中多数是外出务工，{exported}。",
        "The workers placed by the three routes add up to {total} (a derived total, assuming nobody is "
        "counted twice). Most of them, {exported}, were placed in jobs elsewhere."),
    "social.finding.employment": (
        "三种途径带动的劳动力相加共{total}（推算合计，假定没有人重复计入），其中外出务工{exported}。",
        "The workers placed by the three routes add up to {total} (a derived total, assuming nobody is "
        "counted twice); {exported} of them were placed in jobs elsewhere."),

    # --- audit: shared words ---------------------------------------------------------------
    "verdict.consistent": ("一致", "consistent"),
    "verdict.inconsistent": ("不一致", "inconsistent"),
    "verdict.cannot_check": ("无法核对", "cannot check"),
    "audit.missing": ("表中缺少数字：{ids}", "figures missing from the table: {ids}"),
    "audit.missing_words": ("说明要引用的数字不在表中：{ids}", "a figure the note quotes is missing from the table: {ids}"),
    "audit.tolerance": ("容差：{reason}", "tolerance: {reason}"),
    "audit.sum.inconsistent": ("但相加得{computed:v}，与原文的{expected:v}不符。",
                               "Yet the parts add up to {computed:v}, not the {expected:v} printed."),
    "audit.subset.inconsistent": ("但{part:b}超过了{whole:b}，部分大于整体。",
                                  "Yet {part:b} is more than {whole:b}: the part exceeds its whole."),
    "audit.repeat.consistent": ("同一数字出现两次，两处一致。", "The same number printed twice reads the same both times."),
    "audit.repeat.inconsistent": ("同一数字出现两次，两处却不同：{a:b}与{b:b}。",
                                  "The same quantity is printed twice with different numbers: {a:b} and {b:b}."),
    "audit.summary": ("{n}项核对：{ok}项一致，{bad}项不一致，{open}项无法核对。",
                      "{n} checks: {ok} consistent, {bad} inconsistent, {open} cannot be checked."),
    "audit.chart.title": ("{n}项核对中{ok}项一致、{bad}项不一致、{open}项无法核对",
                          "{ok} of {n} checks hold, {bad} fail, {open} cannot be checked"),
    "audit.chart.failing": ("。不一致：{title}", ". Failing: {title}"),
    "audit.chart.failing.more": ("。不一致：{title}等", ". Failing: {title} and more"),
    "audit.chart.note": ("部分推算用到按兜底比例推算的贫困人口（{covered:p}÷{share:m}≈{implied:p}）",
                         "Some checks use the poor population implied by the safety-net share ({covered:v} ÷ "
                         "{share:m} ≈ {implied:v}, derived)"),

    # --- audit: the checks (title: what is compared, never the outcome) ------------------------
    "audit.houses-grades-sum.title": ("危房改造：C级{c:v}＋D级{d:v}，对比合计{total:v}",
                                      "Renovations: grade C {c:v} + grade D {d:v} against {total:v} in all"),
    "audit.houses-grades-sum.note": ("两个等级合起来应是全部计划改造户数。",
                                     "The two grades should make up all the renovations planned."),
    "audit.houses-completed-sum.title": ("已完工：C级{c:v}（全部完工）＋D级{d:v}，对比合计{total:v}",
                                         "Completed: grade C {c:v} (all finished) + grade D {d:v} against {total:v}"),
    "audit.houses-completed-sum.note.consistent": (
        "C级完工数原文未印数字，只说“C级全部完工”，故取计划的{c:v}户；这样完工数相加吻合，"
        "未完工的{open:v}户（{planned:p}−{total:p}）与D级未完工的{d_open:v}户（{d_planned:p}−{d:p}）相同，都是D级。",
        "No number is printed for grade C completions: the page says grade C is all finished (C级全部完工), "
        "so completed C is taken as the {c:v} planned. With it, the completions add up; the {open:v} still open "
        "({planned:p} − {total:p}) are then all grade D ({d_planned:p} − {d:p} = {d_open:p}), as the page implies."),
    "audit.houses-completed-sum.note": (
        "C级完工数原文未印数字，只说“C级全部完工”，故取计划的{c:v}户。",
        "No number is printed for grade C completions: the page says grade C is all finished (C级全部完工), "
        "so completed C is taken as the {c:v} planned."),
    "audit.houses-completed-d-within-plan.title": ("D级完工{part:v}户，计划{whole:v}户",
                                                   "Grade D completed ({part:v}) and grade D planned ({whole:v})"),
    "audit.houses-completed-d-within-plan.note": ("完工数不能超过计划数。", "Completions cannot exceed the renovations planned."),
    "audit.safety-net-implied-poor.title": ("兜底{covered:v}人占{share:m}→推算贫困人口约{implied:v}人",
                                            "Safety net: {covered:v} at {share:m} implies ~{implied:v} poor people"),
    "audit.safety-net-implied-poor.note": (
        "原文没有贫困人口总数可与推算的约{implied:v}人（按百分比的舍入，{low:v}—{high:v}人）比较；"
        "{reached:v}人是产业项目累计带动的贫困人口，不是现有贫困人口。",
        "The page prints no count of the poor population to compare the implied ~{implied:v} with (the share's "
        "rounding allows {low:v}–{high:v}). Its {reached:v} counts people reached by industry projects since the "
        "start, not the poor population now."),
    "audit.safety-net-poor-within-reach.title": ("推算贫困人口（约{implied:v}）与产业带动的{reached:v}人",
                                                 "Implied poor population (~{implied:v}) and the {reached:v} reached "
                                                 "by industry"),
    "audit.safety-net-poor-within-reach.note": (
        "原文称贫困人口人均覆盖项目{projects:v}个，即人人有项目覆盖，故现有贫困人口不应多于项目带动的贫困人口。",
        "The page says every poor person is covered by {projects:v} projects on average, so the poor now cannot "
        "outnumber the poor people the projects reached."),
    "audit.safety-net-poor-within-reach.tolerance": (
        "{share:m}这一比例印到{step:p}个百分点（总数相应±{rel:p.2}%）",
        "the {share:m} share is printed to {step:p} point (±{rel:p.2}% on the total)"),
    "audit.poor-reached-includes-lifted.title": ("{reached:v}人中是否含已脱贫人口",
                                                 "Do the {reached:v} reached include people already out of poverty?"),
    "audit.poor-reached-includes-lifted.note": (
        "累计带动的{reached:v}人与推算的贫困人口（约{implied:v}人）相差约{diff:v}人，原文没有已脱贫人数，无从核对。",
        "The {reached:v} reached differ from the implied poor population (~{implied:v}) by ~{diff:v}. The page "
        "gives no count of people already lifted out of poverty, so this cannot be checked."),
    "audit.projects-per-poor-person.title": ("{reached:v}÷约{implied:v}≈{ratio:v.2}，对比人均覆盖项目{projects:v}个",
                                             "{reached:v} / ~{implied:v} ≈ {ratio:v.2} against {projects:v} projects "
                                             "per poor person"),
    "audit.projects-per-poor-person.note.consistent": (
        "带动人数除以贫困人口正好得出原文的人均{projects:v}个项目：{reached:v}更像是按项目计的人次（一人多项目重复计），"
        "而不是不重复的人数。",
        "Reached people over the poor population gives the printed {projects:v} projects per person: the "
        "{reached:v} look like person-project links (a person counted once per project), not distinct people."),
    "audit.projects-per-poor-person.note.inconsistent": (
        "带动人数除以推算的贫困人口得{ratio:v.2}，不是原文的人均{projects:v}个项目：{reached:v}不能解释为按项目计的人次。",
        "Reached people over the poor population gives {ratio:v.2}, not the printed {projects:v} projects per "
        "person: the {reached:v} reached are not explained as person-project links."),
    "audit.benefit-per-reached-vs-gain.title": ("年效益{benefit:c}÷{reached:v}人，每人{per:n.0}，对比人均增收{gain:n}",
                                                "{benefit:c} a year / {reached:v} people: {per:n.0} each, against the "
                                                "{gain:n} gain per person"),
    "audit.benefit-per-reached-vs-gain.note.consistent": (
        "把产业年效益预估平均分给带动的{reached:v}人，每人{per:a.0}，与报道的人均增收{gain:n}相当：人均增收像是"
        "年效益按带动人数平均的结果。",
        "Spread over the {reached:v} people reached, the industries' estimated yearly returns come to "
        "{per:a.0} each, close to the {gain:n} reported: the gain per person looks like the returns over the people "
        "reached."),
    "audit.benefit-per-reached-vs-gain.note.inconsistent": (
        "若把产业年效益预估平均分给带动的{reached:v}人，每人{per:a.0}，{cmp.pre}报道的人均增收{gain:n}{cmp.post}："
        "人均增收不是按带动人数平均的（另见按推算贫困人口平均的那项核对）。",
        "If the industries' estimated yearly returns were spread over the {reached:v} people reached, each would get "
        "{per:a.0}, {cmp.pre} the {gain:n} reported{cmp.post}: the gain per person is not the returns over "
        "the people reached (but see the check that spreads them over the implied poor population)."),
    "audit.benefit-per-reached-vs-gain.tolerance": ("{benefit.printed}是取整的预估数，按±2.5%计",
                                                    "{benefit.printed} is a round estimate (预估), good to about ±2.5%"),
    "audit.benefit-per-poor-vs-gain.title": ("年效益{benefit:c}÷约{implied:v}名贫困人口，每人{per:n.0}，对比人均增收{gain:n}",
                                             "{benefit:c} a year / ~{implied:v} poor people: {per:n.0} each, against the "
                                             "{gain:n} gain per person"),
    "audit.benefit-per-poor-vs-gain.note.consistent": (
        "按兜底比例推算的贫困人口平均，产业年效益预估约等于报道的人均增收{gain:n}：人均增收像是预估效益除以"
        "贫困人口，而非实测的收入增长。",
        "Spread over the poor population the safety-net share implies, the estimated yearly returns come to the "
        "{gain:n} reported per poor person (现全市贫困人口…人均增收{gain.printed}): the gain looks like the "
        "estimate divided by the poor population, not a measured income gain."),
    "audit.benefit-per-poor-vs-gain.note.inconsistent": (
        "按兜底比例推算的贫困人口（约{implied:v}人）平均，产业年效益预估每人{per:a.0}，{cmp.pre}报道的人均增收"
        "{gain:n}{cmp.post}：人均增收不是预估效益除以贫困人口。",
        "Spread over the poor population the safety-net share implies (~{implied:v}), the estimated yearly returns "
        "come to {per:a.0} a person, {cmp.pre} the {gain:n} reported{cmp.post}: the gain is not the estimate "
        "divided by the poor population."),
    "audit.benefit-per-poor-vs-gain.tolerance": ("{benefit.printed}是取整的预估数，按±2.5%计；兜底比例的舍入另加"
                                                 "±{rel:p.2}%",
                                                 "{benefit.printed} is a round estimate (预估), good to about ±2.5%; "
                                                 "the share adds ±{rel:p.2}%"),
    "audit.poor-reached-headline-body.title": ("标题“{headline.printed}”与正文{reached:v}人",
                                               "Headline “{headline.printed}” and the {reached:v} in the body"),
    "audit.poor-reached-headline-body.note.consistent": ("标题把正文的准确人数往下取整并加“余”。",
                                                         "The headline rounds the body's exact count down and adds "
                                                         "余 (odd)."),
    "audit.poor-reached-headline-body.note.inconsistent": (
        "正文的{reached:v}人不在标题“{headline.printed}”所指的范围内（{low:v}人以上、不到{high:v}人）。",
        "The body's {reached:v} does not fall within the headline's “{headline.printed}” ({low:v} and more, "
        "under {high:v})."),
    "audit.coops-headline-p1.title": ("新增合作社：标题{a:b}，第1段{b:b}", "New cooperatives: {a:b} in the headline, "
                                      "{b:b} in paragraph 1"),
    "audit.coops-headline-p3.title": ("新增合作社：标题{a:b}，第3段{b:b}", "New cooperatives: {a:b} in the headline, "
                                      "{b:b} in paragraph 3"),
    "audit.coop-villages-p1-p3.title": ("合作社覆盖行政村：第1段{a:b}，第3段{b:b}",
                                        "Villages covered: {a:b} in paragraph 1, {b:b} in paragraph 3"),
    "audit.pepper-area-quote-body.title": ("花椒面积：引语{a:b}，正文{b:b}", "Sichuan pepper: {a:b} in the quote, "
                                           "{b:b} in the body"),
    "audit.deli-investment-quote-body.title": ("德利养猪场投资：引语{a:b}，正文{b:b}",
                                               "Deli pig farm investment: {a:b} in the quote, {b:b} in the body"),
    "audit.deli-income-quote-body.title": ("德利养猪场2019年收入：引语{a:b}，正文{b:b}",
                                           "Deli pig farm 2019 income: {a:b} in the quote, {b:b} in the body"),
    "audit.reach-2019-within-cumulative.title": ("2019年项目带动{part:b}，累计带动{whole:b}",
                                                 "2019 projects' {part:b} and the cumulative {whole:b}"),
    "audit.reach-2019-within-cumulative.note": ("今年项目可带动的人属于累计带动的人。",
                                                "The people this year's projects can reach are part of everyone "
                                                "reached since the start."),
    "audit.projects-2019-within-cumulative.title": ("2019年新项目{part:b}，累计{whole:b}",
                                                    "{part:b} new in 2019 and the cumulative {whole:b}"),
    "audit.projects-2019-within-cumulative.note": ("今年的项目属于累计项目。",
                                                   "This year's projects are part of all projects since the start."),
    "audit.safety-net-new-within-covered.title": ("新纳入低保五保{part:b}，兜底保障{whole:b}",
                                                  "{part:b} newly covered and the {whole:b} under the safety net"),
    "audit.safety-net-new-within-covered.note": ("新纳入低保、五保的人属于兜底保障人数。",
                                                 "People newly brought under 低保/五保 are part of those under the "
                                                 "safety net."),
    "audit.villages-supported-within-covered.title": ("扶持{part:b}，合作社覆盖{whole:b}",
                                                      "{part:b} supported and the {whole:b} covered"),
    "audit.villages-supported-within-covered.note": ("通过合作社扶持的村属于合作社覆盖的村。",
                                                     "The villages supported through cooperatives are among the city's "
                                                     "villages that cooperatives cover."),
    "audit.erangou-new-road-within-roads.title": ("二安沟村新辟道路{part:b}，修路{whole:b}",
                                                  "Er'angou: {part:b} of new road and {whole:b} of roads built"),
    "audit.erangou-new-road-within-roads.note": ("新辟的道路属于所修道路。",
                                                 "The new road cut through the hills is one of the roads built."),
    "audit.erangou-bridge-within-bridges.title": ("大安沟组新建桥梁{part:b}，架设桥梁{whole:b}",
                                                  "Er'angou: {part:b} at Da'angou and {whole:b} built"),
    "audit.erangou-bridge-within-bridges.note": ("大安沟组的桥是所架桥梁之一。",
                                                 "The Da'angou bridge is one of the bridges built."),
    "audit.yufeng-net-within-income-2018.title": ("{n:v}栋×棚均纯收益{net:m}＝{total:m}，对比收入{income:b}",
                                                  "{n:v} greenhouses × {net:m} net = {total:m}, against the {income:b} "
                                                  "income of 2018"),
    "audit.yufeng-net-within-income-2018.note.consistent": (
        "棚均纯收益乘以棚数不能超过收入；按下限（{total:m}）算，成本最多{costs:b}，约占{cost_share:m}。",
        "Net income per greenhouse times the greenhouses cannot exceed the income; the lower bound ({total:m}) "
        "leaves at most {costs:b} for costs, about {cost_share:b}."),
    "audit.yufeng-net-within-income-2018.note.inconsistent": (
        "棚均纯收益乘以棚数不能超过收入，但下限（{total:m}）已超过收入{income:b}。",
        "Net income per greenhouse times the greenhouses cannot exceed the income, yet the lower bound "
        "({total:m}) is more than the {income:b} income."),
    "audit.yufeng-2019-sales-within-forecast.title": ("2019年首批葡萄收益{part:b}，每年预计{whole:m}",
                                                      "2019 first grape sales {part:b} and the {whole:m} expected a year"),
    "audit.yufeng-2019-sales-within-forecast.note": ("2019年首批收益是一年收益的一部分。",
                                                     "The first batch of 2019 is part of one year's returns."),
    "audit.yufeng-collective-within-returns.title": ("村集体增收{part:m}，项目收益{whole:m}",
                                                     "Village collective gain {part:m} and the project's {whole:m} a year"),
    "audit.yufeng-collective-within-returns.note": ("村集体增收来自项目收益（扣除运营后）。",
                                                    "The collective's gain comes out of the project's returns, after "
                                                    "running costs."),
    "audit.yufeng-forecast-vs-2018-net.title": ("每年预计收益{forecast:m} 对比 2018年{n:v}栋温室纯收益{net:m}",
                                                "{forecast:m} expected a year vs the {net:m} net of the {n:v} "
                                                "greenhouses in 2018"),
    "audit.yufeng-forecast-vs-2018-net.note": (
        "两者都是下限（以上），不可能互相矛盾；{n:v}栋温室加{sheds:v}栋冷棚的每年预计收益{forecast:m}，"
        "对比2018年{n:v}栋温室单独的纯收益{net:m}。",
        "Both are lower bounds (以上), so they cannot contradict each other; the yearly returns expected from "
        "{n:v} greenhouses and {sheds:v} cold sheds ({forecast:m}) stand against what the {n:v} greenhouses alone "
        "netted in 2018 ({net:m})."),
    "audit.wealth-leader-share-target.title": ("致富带头人比例{share:m}，目标{target:m}",
                                               "Secretaries who are business leaders {share:m} vs target {target:m}"),
    "audit.wealth-leader-share-target.note.consistent": ("目标已达到：报道的比例（{share:m}）不低于讲话要求的{target:b}。",
                                                         "Target met: the share reported ({share:m}) is at or above "
                                                         "the {target:b} the speech sets."),
    "audit.wealth-leader-share-target.note.inconsistent": ("目标未达到：报道的比例（{share:m}）低于讲话要求的{target:b}。",
                                                           "Target missed: the share reported ({share:m}) is below "
                                                           "the {target:b} the speech sets."),
    "audit.entrepreneur-share-target.title": ("企业家型书记{target}：无实际数字",
                                              "Entrepreneur secretaries {target:m}: no actual figure"),
    "audit.entrepreneur-share-target.note": ("原文只有目标，没有报道企业家型书记的实际比例。",
                                             "The page sets the target but reports no share of entrepreneur "
                                             "secretaries."),
    "audit.village-income-target-5wan.title": ("报道的村集体增收（最少{low:b}）对比{target:b}目标",
                                               "Reported village collective gains (lowest {low:b}) against the "
                                               "{target:b} target"),
    "audit.village-income-target-5wan.note.consistent": (
        "有金额的村都达到（{low:b}至{high}）；这些是单个项目每年预计的增收（年可），不是村集体全部收入。",
        "Met for the villages with an amount ({low:b} to {high}). They are expected yearly gains from one project "
        "each (年可), not whole collective incomes."),
    "audit.village-income-target-5wan.note.inconsistent": (
        "有金额的村并未全部达到：最少的{low:b}低于{target:b}的目标。",
        "Not met by every village with an amount: the lowest, {low:b}, is below the {target:b} target."),
    "audit.beilu-80pct-target.title": ("北炉乡{n:v}村中{met:v}村达{target:b}（{share:m}），对比目标{goal:m}",
                                       "Beilu: {met:v} of {n:v} villages at {target:b} ({share:m}) vs target {goal:m}"),
    "audit.beilu-80pct-target.note.consistent": (
        "北炉乡{n:v}个村中{met:v}个预计每年{target:b}以上，即使没有金额的村未达到也有{share:m}：按预计数达到{goal:b}的目标。",
        "{met:v} of Beilu's {n:v} villages expect {target:b} or more a year, {share:m} even if a village without an "
        "amount falls short: the {goal:b} target is met on the page's forecasts."),
    "audit.beilu-80pct-target.note.inconsistent": (
        "北炉乡{n:v}个村中只有{met:v}个预计每年{target:b}以上（{share:m}），按预计数未达到{goal:b}的目标。",
        "Only {met:v} of Beilu's {n:v} villages expect {target:b} or more a year ({share:m}): the {goal:b} target "
        "is missed on the page's forecasts."),
    "audit.beilu-80pct-target.tolerance": ("目标只有达到与未达到；没有金额的村按未达到计",
                                           "a target is met or not; a village without an amount counts as not "
                                           "reaching it"),
    "audit.village-income-2020-all.title": ("{year}年全部村达{target:b}：并非每个村都有金额",
                                            "All villages at {target:b} by {year}: not every village has an amount"),
    "audit.village-income-2020-all.note": ("无法核对全覆盖：原文只给出{all:v}个村中{n:v}个村的金额。",
                                           "Full coverage cannot be checked: the page gives amounts for {n:v} "
                                           "villages of {all:v}."),
    "audit.pairing-visits-rule.title": ("每季度{q}×4个季度，对比全年{y}",
                                        "{q:m} visits a quarter × 4 against {y:m} a year"),
    "audit.pairing-visits-rule.note.consistent": ("全年要求与每季度要求一致。", "The yearly rule follows from the quarterly one."),
    "audit.pairing-visits-rule.note.inconsistent": ("全年要求（{y}）与每季度要求（{q}×4＝{computed:v}次）不一致。",
                                                    "The yearly rule ({y:m}) does not follow from the quarterly one "
                                                    "({q:m} × 4 = {computed:v})."),

    # --- 40 audit: findings -------------------------------------------------------------------
    "audit.finding.chart": ("图中每个点是一项核对的计算值与预期值之比，灰色带为容许范围。落在范围外的{n}项"
                            "（橙色）：{titles}。",
                            "The chart shows each check's ratio of computed to expected on a log scale against its "
                            "accepted range (grey). Outside its range ({n}, orange): {titles}."),
    "audit.finding.chart.none": ("图中每个点是一项核对的计算值与预期值之比，灰色带为容许范围；所有可核对的点都落在范围内。",
                                 "The chart shows each check's ratio of computed to expected on a log scale against its "
                                 "accepted range (grey); every dot that can be checked sits in its band."),
    "audit.finding.reading.both": (
        "两项核对合起来看：同样的年效益除以按兜底比例推算的贫困人口，得每人{per:a.0}，与报道的{gain:n}相当；"
        "带动的{reached:v}人除以这一人口得{ratio:v.2}，正是原文的人均{projects:v}个项目：",
        "Read together, two checks explain the figures: the same yearly returns divided by the poor population the "
        "safety-net share implies give {per:a.0}, the {gain:n} reported, and the {reached:v} people reached "
        "divided by that population give {ratio:v.2}, the {projects:v} projects per person the page prints:"),
    "audit.finding.reading.not_both": (
        "两项核对合起来看：年效益除以推算的贫困人口得每人{per:a.0}（报道{gain:n}，{v1}）；带动的{reached:v}人除以"
        "这一人口得{ratio:v.2}（原文人均{projects:v}个项目，{v2}）：",
        "Read together: the yearly returns over the implied poor population give {per:a.0} a person (the page: "
        "{gain:n}; {v1}), and the {reached:v} reached over that population give {ratio:v.2} (the page: {projects:v} "
        "projects per person; {v2}):"),
    "audit.finding.reading.missing": ("缺少相关数字，无法把这两项核对放在一起看。",
                                      "The figures these two checks need are missing, so they cannot be read together."),

    # --- 10 industry: findings -----------------------------------------------------------------
    "industry.finding.reach": (
        "**带动面。** 全市累计发展产业项目{projects}，带动贫困人口{reached}（标题取整为“{headline.printed}”）；"
        "2019年新增的{projects_2019}包含在累计数之内，预计再带动{reach_2019}。项目与人数单位不同，分两图画出；"
        "斜线条为预计数。",
        "**Reach.** Since the drive began the city has developed {projects} that reach {reached:v} poor people "
        "(the headline rounds this to “{headline.printed}”); the {projects_2019:v} projects of 2019 are part of that "
        "total and are expected to reach {reach_2019:v} more. Projects and people are different units, so they get "
        "separate panels; the hatched bar is the forecast."),
    "industry.finding.beilu": (
        "**北炉乡：一村一品。** 北炉乡{total:v}个村中有{n:v}个村报了项目预计每年为村集体带来的收入，最多的"
        "{top_count:v}个村各{high:n}；全部是预计数（斜线）。没有报金额的村在图注中列出。",
        "**Beilu township: one village, one product.** {n:v} of Beilu's {total:v} villages name the yearly income "
        "their project is expected to add to the village collective; the most is {high:n}, for {top_count:v} of "
        "them. All are forecasts (hatched); the villages that give no amount are named in the note."),
    "industry.finding.grapes": (
        "**北房身村葡萄合作社。** 合作社起步时建温室{gh}、栽葡萄{vines}，2018年新建冷棚{sheds_2018}，2019年再建"
        "{sheds_2019}。2018年收入{income_2018}和2019年首批葡萄收益{income_2019}是实际数（实心）；今后每年预计收益"
        "{forecast}、每年为村集体增收{collective}是预计数（斜线）。",
        "**The Beifangshen grape cooperative.** It started with {gh} and {vines:v} vines, added {sheds_2018:v} cold "
        "sheds in 2018 and {sheds_2019:v} more in 2019. Its 2018 income of {income_2018} and the {income_2019} from "
        "the first 2019 sales are actual (filled); the expected {forecast} a year, and the {collective} it should add "
        "to the village collective, are forecasts (hatched)."),
    "industry.finding.erangou": (
        "**二安沟村：花椒与养猪场。** 上排是花椒：种植{area}，已获纯收益{net}，带动{poor}稳定增收；下排是德利养猪场："
        "已投资{invest}，猪舍{sheds}，存栏{pigs}，预计2019年收入{income}（斜线）。",
        "**Er'angou: Sichuan pepper and a pig farm.** The top row is the pepper ({area}, {net} net so far, {poor:v} "
        "poor people with a stable income from it); the bottom row is the Deli pig farm ({invest} invested, {sheds}, "
        "{pigs:v} pigs, and {income} of income expected for 2019, hatched)."),
    "industry.finding.cooperatives": (
        "**村领办合作社。** 2019年以来新增村领办合作社{coops}，覆盖全市{villages}行政村；组织部累计投入{funds}，"
        "扶持{supported}贫困村和薄弱村；村党组织书记开展招商引资活动{events}，引进项目{projects}（后四项为累计数）。",
        "**The cooperatives drive.** Since January 2019, {coops:v} village-led cooperatives were set up, covering the "
        "city's {villages:v} administrative villages; the Organisation Department has put in {funds} to support "
        "{supported:v} poor and weak villages, and village party secretaries have run {events:n} investment campaigns "
        "that brought in {projects} (these four are cumulative)."),

    # --- 50 village profile -----------------------------------------------------------------
    "profile.heading": ("**{village}**（{village_other}）· {township}（{township_other}）",
                        "**{village}** ({village_other}) · {township} ({township_other})"),
    "profile.no_bodies": ("原文没有{village}内项目、合作社等的数字。", "The page gives no figures about bodies inside "
                          "{village}."),
    "profile.township.none": ("原文没有关于{township}本身的数字，只有其下各村的数字。",
                              "The page gives no figures about {township} itself, only about its villages."),
    "profile.township.no_villages": ("{village}不属于任何乡镇。", "{village} lies in no township."),
    "profile.bar.paragraph": ("第{n:v}段", "paragraph {n:v}"),
    "profile.title.rank": ("{village}：{indicator}{label}，在{township}有此数字的{n:v}个村中排{place}",
                           "{village}: {indicator} {label}, {place} of the {n:v} villages of {township} with this "
                           "figure"),
    "profile.title.rank.tied": ("{village}：{indicator}{label}，在{township}有此数字的{n:v}个村中并列{place}",
                                "{village}: {indicator} {label}, joint {place} of the {n:v} villages of {township} "
                                "with this figure"),
    "profile.title.money": ("{village}：{n:v}个数字中金额最大的是{who}{indicator}{label}（{period}）",
                            "{village}: the largest sum of its {n:v} figures is {label}, {indicator} ({who}, "
                            "{period})"),
    "profile.title.money.own": ("{village}：{n:v}个数字中金额最大的是{indicator}{label}（{period}）",
                                "{village}: the largest sum of its {n:v} figures is {label}, {indicator} ({period})"),
    "profile.title.first": ("{village}：报道{n:v}个数字，其中{indicator}{label}",
                            "{village}: {n:v} figures on the page, among them {indicator}: {label}"),
    "profile.subtitle": ("{township}{village_zh}及村内项目、合作社等；每个小图一种单位；时期：{periods}（见各条标签）",
                         "{village_en}, {township}, and the bodies inside it; one unit per panel; periods: {periods} "
                         "(see each bar)"),
    # --- ordinals: the rule that picks the English suffix picks the phrase ---------------------
    "ordinal.st": ("第{n:v}", "{n:v}st"),
    "ordinal.nd": ("第{n:v}", "{n:v}nd"),
    "ordinal.rd": ("第{n:v}", "{n:v}rd"),
    "ordinal.th": ("第{n:v}", "{n:v}th"),
    "profile.comparison.median": ("乡镇中位数", "township median"),
    "profile.comparison.ranked": ("第{rank:v}名 {name}", "{rank:v}. {name}"),
    "profile.comparison.selection": (
        "{n:v}个村中只画{shown:v}个：前{top:v}名、后{top:v}名、本村及前后各{near:v}名，另加中位数",
        "{shown:v} of the {n:v} villages drawn: the top {top:v}, the bottom {top:v}, this village and {near:v} either "
        "side of it in rank, and the median"),
    "profile.comparison.none": ("同乡镇没有别的村与{village}有相同的指标，无从排名。",
                                "No other village of the township shares an indicator with {village}, so there is no "
                                "rank to give."),

    # --- charts ---------------------------------------------------------------------------------
    "chart.alt.values": ("。图中数字：{values}", ". Figures shown: {values}"),
    "language.note": (
        "本报告为中文版：文字、图表和表格都是中文。（在 JupyterLab 中打开笔记本，中英文说明并列；按 lang 参数运行生成的"
        "阅读版只保留一种语言。）",
        "This report is in English: text, charts and tables. (Opened in JupyterLab, the notebook shows its notes in both "
        "languages; a run with the lang parameter makes a reader version in one.)"),
}
