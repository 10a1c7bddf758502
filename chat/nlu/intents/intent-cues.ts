/**
 * Intent cues over the canonical English text. Rules decide; the classifier only breaks ties the
 * rules leave open (see intent-resolver.ts).
 */

export const CUES = {
  action:
    /^(?:(?:please|pls|can you|could you|would you|go ahead and|just|ok|now|hey|bot)\s+)*(?:pause|unpause|resume|stop|turn (?:off|on)|switch (?:off|on)|disable|enable|activate|deactivate|launch|increase|raise|decrease|lower|cut|boost|double|halve|set|change|delete|remove|create|duplicate|kill|shut|update|edit|archive|unarchive|rename|schedule)\b/,
  actionAnywhere:
    /\b(?:(?:please|pls|can you|could you)\s+(?:pause|stop|turn off|increase|decrease|raise|lower|cut|boost|double|delete|remove|launch|enable|disable|resume|set|change|reallocate|move|shift))\b|\bpause (?:all|every|the|it|them|campaignref)\b/,
  competitors:
    /\b(?:competitors?|competition|rivals?|ad library|ads library|what (?:ads )?(?:is|are) \S+ running|running (?:against|ads))\b/,
  alerts:
    /\b(?:alerts?|red flags?|concerns?|worr\w*|looks? off|seems? off|(?:anything|something) off|off track|fishy|suspicious|bugs?|alarms?|anomal\w*|wrong|issues?|problems?|broken|errors?|fail\w*|sync\w*|paused|stopped|disabled|rejected|disapproved|spikes?|spiked|weird|strange|unusual|fired|triggered|warnings?|notifications?|(?<!(?:are we|we are|were we|is it|it is|are they|is that) )tracking|pixel|outage|overspen\w*|overpac\w*|what happened|went wrong|glitch\w*|no data|missing data|not (?:running|spending|delivering|tracking))/,
  why: /\bwhy\b/,
  budget:
    /\b(?:budgets?|reallocat\w*|allocat\w*|shift (?:budget|money|spend)|move (?:budget|money|spend)|how much (?:should|to|do i need|must) (?:we |i )?(?:spend|invest|put)|should (?:we|i) (?:spend|invest|increase|cut|scale|move|put|shift|double|keep)|what if|if we|what happens|what would|forecast\w*|predict\w*|projection\w*|projected|scale|scaling|invest\w*|optimi[sz]\w*|recommend\w*|advice|advise|suggest\w*|where should|expected|expect\w*|saturat\w*|diminishing|headroom|marginal|will (?:we|i|it|roas|spend|revenue) |going to (?:be|get|make|spend)|next (?:week|month|quarter|year|\d+ days)|pacing|mmm|optimal)\b/,
  /** "campaigns with roas under 2": a threshold over campaigns lists (ranks) them. */
  threshold:
    /\b(?:campaigns|platforms|channels|ads)\b.*\b(?:under|below|above|over|more than|less than|greater than|higher than|lower than|at least|at most|>|<)\s*\$?\d/,
  top: /\b(?:top|best|worst|bottom|highest|lowest|most|least|rank\w*|leaderboard|biggest|smallest|underperform\w*|winners?|losers?|leading|weakest|strongest|which (?:campaigns?|platforms?|channels?|one|ads?)|cheapest|most expensive|priciest|what (?:campaigns?|platforms?|channels?)|who (?:spent|brought in|drove))\b/,
  bottom: /\b(?:worst|bottom|lowest|least|underperform\w*|losers?|weakest|poorest|smallest)\b/,
  trend:
    /\b(?:trend\w*|getting (?:worse|better|cheaper|pricier|more expensive)|over time|daily|day by day|by day|per day|each day|every day|weekly|week by week|by week|per week|weekly|monthly|by month|per month|month by month|evolution|evolv\w*|move|moves|moving|moved|movement|progress\w*|trajectory|chart|graph|plot|history|go(?:ing|ne)? (?:up|down)|went (?:up|down)|rising|falling|dropp\w*|dropped|drop|declin\w*|increas\w*|decreas\w*|grow\w*|grew|chang\w*|developed|develop|improv\w*|up or down|momentum|curve|climb\w*|soar\w*|plummet\w*|skyrocket\w*|slipp\w*|slid\w*|creep\w*|timeline|series|wow|mom)\b/,
  compare:
    /\b(?:compare\w*|vs|versus|against|side by side|difference|differ|better|worse|or|relative to|head to head|beat|outperform\w*)\b/,
  total: /\b(?:total|combined|together|across|sum|altogether|overall|in all|both)\b/,
  help: /\b(?:help|what can (?:you|this|the|u) (?:bot |thing |assistant )?do|what (?:do|can) you (?:offer|support|answer)|what is this bot|how can you help|what do you do|how does (?:this|it) work|how do i use|how (?:do|should|can) i ask|how to use|commands?|menu|options|what can i ask|who are you\s*$|what are you\s*$|capabilit\w*|features|what do you know|what questions|examples?|guide me|instructions|usage|start over|get started)\b/,
  smalltalk:
    /\b(?:hel+o+|hi+|he+y+a?|hiya|yo+|good (?:morning|evening|afternoon|night|day)|morning|thanks|thank you|thank u|cheers|bye|goodbye|see you|how are you|how r you|lol|haha|ok|okay|cool|great|nice|awesome|sup|gm|gn|you rock|love you|well done|good job|good bot|perfect|sweet|np|no worries|got it|appreciate|welcome|nvm|never mind|whats up)\b/,
  outOfScope:
    /\b(?:weather|rain\w*|snow\w*|temperature|sunny|cook\w*|meaning of|book\w*|meeting\w*|calendar|remind\w*|history of|vot\w*|election\w*|politic\w*|logo|stock|shares?|share price|poem|joke|recipe|football|soccer|match|news|bitcoin|crypto|translate|write (?:me|an?)|email|code|movie|song|president|capital of|time is it|who won|lunch|dinner|pizza|flight|hotel|taxi|uber|horoscope|salary|tax|visa|girlfriend|boyfriend|meaning of life|hire|recruit|password|wifi|printer|coffee|banned|ban|lawsuit|exchange rate)\b/,
  /**
   * Out of scope even when a metric or platform is named: writing ads, setting up tracking, general
   * knowledge about the platforms ("who founded tiktok", "cpc in general").
   */
  outOfScopeAlways:
    /\b(?:write (?:me|us|an?|some|the)|draft|compose|copywrit\w*|headlines?|captions?|slogans?|ideas?|install(?:ing|ed)?|translate|founded|founder of|ceo|employees|stock price|share price|in general|industry average|on average|benchmarks?|best time to|what is trending|viral|hashtags?|followers|organic reach|bid(?:ding)? strateg\w*|how (?:do|can|should) (?:i|we) get more|what (?:is|are) (?:a |an )?(?:good|normal|typical|healthy|decent|average|realistic)|scripts?|make me an?|create me an?|storyboards?|how (?:do|can|should|to) (?:i |we )?(?:run|create|make|build|design|write|start|install|set up|become|learn)|tips?|tutorials?)\b/,
  /**
   * Asking what a metric is ("what is roas", "explain ctr", "що таке cpm") is help, not a query:
   * read only when no platform, campaign or period narrows it to our numbers.
   */
  definition:
    /^(?:what (?:is|are) (?:a |an |ال )?\S+(?: \S+)?|what does .+ (?:mean|stand for)|what does mean .+|what \S+ (?:is|means))$|\b(?:explain\w*|define|meaning of|definition of|stands? for|difference between|what is the difference|how is \S+ calculated|how do you calculate)\b/,
  /** Words only our domain uses: analytic intents need one of them or a slot. */
  domain:
    /\b(?:where should (?:i|we)|\d+k|extra money|campaigns?|campaignref|platforms?|channels?|ads?|adsets?|creatives?|spend\w*|spent|budgets?|kpis?|metrics?|numbers|sync\w*|tracking|pixel|alerts?|anomal\w*|competitors?|forecast\w*|performers?|performing|performance|results|roas|cpa|cpc|cpm|ctr|cvr|conversions?|revenue|sales|clicks|impressions|paused|account|accounts|broken|anything wrong|something wrong|any (?:issues|problems|errors))\b/,
  followUp:
    /^(?:and|what about|how about|and what about|and for|and on|and in|same for|same on|now for|what of|ok and|okay and|also|then)\b/,
  platformsWord: /\b(?:platforms?|channels?|networks?|sources?)\b/,
  campaignsWord: /\b(?:campaigns?|ads?)\b/,
  question:
    /\b(?:how much|how many|what|whats|show|give|tell|how is|how are|how did|how was|how were|report|numbers?|stats|kpis?|performance|perf|doing|results?)\b/,
} as const;
