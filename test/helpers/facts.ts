// A compact notation for facts in case tables, one fact per `|`:
//   quantity:24:回:>=@24回以上   money:455068122:=@455,068,122円   percent:13:=@13.0%
//   date:2021-03-31@R3.3月末     period:2020-04-01..2021-03-31@4月～3月   fiscalYear:2020@令和2年度
// "-" is no fact.
import type { UnplacedFact } from "../../src/normalize/facts.js";

export function notate(facts: UnplacedFact[]): string {
  if (facts.length === 0) return "-";
  return facts
    .map((f) => {
      switch (f.kind) {
        case "quantity":
          return `quantity:${f.value}:${f.unit}:${f.comparator}@${f.text}`;
        case "money":
        case "percent":
          return `${f.kind}:${f.value}:${f.comparator}@${f.text}`;
        case "date":
          return `date:${f.date}@${f.text}`;
        case "period":
          return `period:${f.start}..${f.end}@${f.text}`;
        case "fiscalYear":
          return `fiscalYear:${f.value}@${f.text}`;
      }
    })
    .join(" | ");
}
