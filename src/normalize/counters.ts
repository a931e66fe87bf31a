// Counters (助数詞) that make a number a quantity, as printed. Longest first, so that か所 wins
// over 所 and 事業所 over 事業. Counters the list lacks are recognized by the tokenizer (名詞,接尾,助数詞),
// except those in NOT_QUANTITY_COUNTERS, which name dates, ranks and ordinals rather than amounts.

export const COUNTERS: readonly string[] = [
  // places
  "か所", "カ所", "ヶ所", "ケ所", "ヵ所", "箇所", "個所", "か国", "カ国", "ヶ国", "ケ国", "都市", "市町村", "地区", "地域",
  "自治体", "事業所", "施設", "拠点", "会場", "店舗", "課所", "校", "園", "館", "店", "区", "所",
  // people and groups
  "世帯", "団体", "組織", "企業", "事業者", "チーム", "グループ", "部会", "クラブ", "人", "名", "社", "組", "者",
  // events, things, documents
  "講座", "教室", "事業", "イベント", "種類", "項目", "品目", "言語", "回", "件", "品", "冊", "枚", "台", "本", "個",
  "点", "戸", "棟", "基", "部", "通", "席", "床", "頭", "匹", "羽", "株", "口", "ページ", "コマ", "ポイント",
  // durations and measures
  "か月", "カ月", "ヶ月", "ケ月", "ヵ月", "か年", "ヶ年", "カ年", "年間", "週間", "日間", "時間", "分間", "秒",
  "歳", "倍", "km", "m", "ha", "kg", "t", "トン", "キロ", "メートル", "平方メートル", "㎡", "MB", "GB",
].slice().sort((a, b) => b.length - a.length);

/** 助数詞 the tokenizer knows that do not make a quantity (dates, ranks, ordinals, grades, times of day). */
export const NOT_QUANTITY_COUNTERS = new Set([
  "年", "年度", "年生", "月", "日", "時", "分", "位", "号", "次", "期", "目", "度", "編", "章", "節", "条", "項", "級", "番", "等",
  "曲", "代", "世", "階", "限", "周", "巡", "円", "銭", "割", "分の", "ヶ", "か", "カ", "箇", "つ", "歩", "泊", "着",
]);
