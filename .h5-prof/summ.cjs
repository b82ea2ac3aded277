const fs=require("fs");const f=process.argv[2];const p=JSON.parse(fs.readFileSync(f));
const self=new Map();const byId=new Map(p.nodes.map(n=>[n.id,n]));
const dt=p.timeDeltas;let total=0;
const counts=new Map();
p.samples.forEach((id,i)=>{counts.set(id,(counts.get(id)||0)+(dt[i]||0));total+=dt[i]||0;});
for(const [id,t] of counts){const n=byId.get(id);const k=`${n.callFrame.functionName||"(anon)"} ${n.callFrame.url.split("/").slice(-2).join("/")}:${n.callFrame.lineNumber}`;self.set(k,(self.get(k)||0)+t);}
[...self.entries()].sort((a,b)=>b[1]-a[1]).slice(0,40).forEach(([k,t])=>console.log((t/total*100).toFixed(1)+"%",k));
