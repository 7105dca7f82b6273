"""Issue 16 part 1: every answer opens with a prose sentence that answers the question."""

from __future__ import annotations

import re

import pytest
from chain_helpers import scripted, selector_for

from rag.chain import Assistant
from rag.lead import first_sentence, is_prose_line
from rag.services import Services

# (question, facts the FIRST sentence must carry)
LEADS = [
    ("Which vector databases should I learn for AI integration?", ["FAISS", "Pinecone", "Weaviate"]),
    ("How long does level 2 of the ML path take?", ["6-12 months"]),
    ("What resources do you recommend for learning FastAPI?", ["FastAPI official documentation"]),
    ("Should I learn Docker?", ["Yes", "Docker"]),
    ("Where does the machine learning engineering path start?", ["Advanced Mathematics", "ML Fundamentals"]),
    ("Which conferences are worth following?", ["NeurIPS", "ICML"]),
    ("Who wrote the Deep Learning book?", ["Goodfellow"]),
    ("What will machine learning engineer interviews ask about?", ["ML algorithms"]),
    ("Which path fits someone who likes building APIs and deploying things to the cloud?", ["AI Integration"]),
    # a level asked for by its name or its path's abbreviation: its topics, not one topic sharing the word
    ("what are the three topics in the integration level?", ["Vector Databases & Search", "NLP Integration", "System Design"]),
    ("what's in level 3 of ML engineering?", ["Advanced Topics", "Research & Development", "Production ML"]),
    # one passage names it and the dense ranking buries it: the keyword match keeps a seat
    ("does the roadmap say anything about model governance?", ["Yes", "Model governance"]),
    ("what's 3blue1brown recommended for?", ["3Blue1Brown", "Advanced Mathematics"]),  # a lower keyword match
    # a resource singled out by its own word: that one, not the whole list
    ("which udemy course does it suggest?", ["FastAPI Master Course (Udemy)", "API Development"]),
    ("what github resource helps with system design?", ["System Design Primer (GitHub)"]),
    ("what video resources are there?", ["3Blue1Brown videos"]),
    # a choice between stages: the stage, from the level the topic sits in
    ("backprop - is that beginner or advanced material in the ML track?", ["Backpropagation", "beginner", "Level 1"]),
    ("is transfer learning early or late in the ML path?", ["Transfer learning", "advanced", "Level 3"]),
    ("What does this roadmap actually cover?", ["AI Integration Engineering", "Machine Learning Engineering"]),  # its Overview
    ("What should I learn in my first six months as an aspiring AI integration engineer?", ["Level 1", "API Development"]),
    ("do interviewers for integration roles care about performance optimization?", ["Yes", "Performance optimization"]),
    ("whats the very first thing the next steps tell me to do?", ["Choose your path"]),  # quotes a section title
    # a level named by its title or its month range
    ("whats covered in the advanced ml stage for ml engineers", ["Model Architecture", "MLOps Fundamentals"]),
    ("what am i supposed to learn in the first 6 months of the ai integration track?", ["Level 1", "API Development"]),
    ("advanced ml milestones? quick list pls", ["Research novel approaches"]),  # milestones, not the level
    # where a topic sits
    ("where does mlflow fit in, which path and level?", ["MLflow", "Level 2", "Machine Learning Engineering"]),
    ("where do vector databases come up?", ["Vector Databases & Search", "Level 2"]),
    # numbered sections named by the learner, compared or timed
    ("what's the main difference between level 1 of the integration track and level 1 of the ml track?",
     ["API Development", "ML Fundamentals"]),
    ("how long is the integration stage (level 2) of the AI integration track supposed to take?", ["6-12 months", "Integration"]),
    ("is kaggle mentioned anywhere? wondering if i should bother with it", ["Yes", "Kaggle"]),
    ("is docker a prereq for both paths or only the integration one?", ["Yes", "Docker"]),
    ("ok i read the whole thing. whats the order of things i should actually do now?", ["Choose your path"]),
    ("ok i read through everything... where do i literally start??", ["Choose your path"]),  # the Next Steps
    ("where does the machine learning engineering path start?", ["Level 1", "Advanced Mathematics"]),  # not milestones
    ("just decided on ai integration. what do i learn first?", ["API Development", "Level 1"]),
    ("when do I get to the security stuff like OWASP on the integration path", ["Security & Compliance", "Level 3"]),
    ("how long is the middle level of the ai integration path?", ["Level 2", "6-12 months"]),
    ("when would I be doing the integration level, months-wise?", ["Level 2", "6-12 months"]),
    # yes/no: the thing asked about leads, not a unit sharing the level's or path's words ("foundation", "ML")
    ("Is calculus part of the foundation for ML engineering?", ["Yes", "Calculus", "Advanced Mathematics"]),
    ("quick q: does the ml path include mlflow?", ["Yes", "MLflow"]),  # a chat opener, "the ml path" as subject
    ("does the integration path say anything about OWASP? im interested in the security side", ["Yes", "OWASP"]),
    # asked of every path: one clause per path that has it, or the prerequisite they share
    ("Is MLOps part of both paths, or only the ML engineering one?", ["Yes", "both", "MLOps Fundamentals"]),
    ("do i need calculus for both tracks or only for the ml one?", ["Yes", "both", "Calculus"]),
    # the same level of two paths compared: each side's topics
    ("whats the difference between level 3 in the two paths? compare them", ["Security & Compliance", "Research & Development"]),
    ("how do I actually get started, what are the steps in order?", ["Choose your path"]),  # the Next Steps
    # learner shapes of a yes/no: "r X covered", "is X something i have to learn", "will i need to read X … or …"
    ("r transformers covered in the ML engineering path or is that only for the integration ppl", ["Yes", "Transformers"]),
    ("is sql something i have to learn even if im going the AI integration route and not ML?", ["Yes", "SQL"]),
    # one line naming all of it ("Research papers", an interview topic) before a topic naming it across lines
    ("will i need to read research papers for ML engineer interviews or is it mostly leetcode style", ["Yes", "Research papers"]),
    # a topic named by its whole title leads, though "after the first stage" would move to the next level
    ("whats the beginner milestones on the ML side? like what should i have built after the first stage",
     ["Implement basic ML models", "Beginner Milestones"]),
    ("im torn, do i jump straight into level 1 of a path or do the common prereqs first?", ["foundational requirements"]),
    # which level holds an item: the item, its topic and its level, not the level's topic titles
    ("which level of the ML track has transfer learning? trying to figure out when id get to it",
     ["Transfer learning", "Level 3"]),
    ("in which level of the integration path do i learn caching + microservices?", ["Caching strategies", "Level 2"]),
    # a level named, but the question is about a topic's own items (AWS, GCP): that topic, not the level's titles
    ("how do i get hands on with aws/gcp for the integration level 1 without spending money?", ["free tiers", "Cloud Platforms"]),
    # confirmations and yes/no questions that do not open the message
    ("kaggle is in the platforms list right?", ["Yes", "Kaggle"]),
    ("so basically stanford cs229 is one of the recomended courses for ml fundamentals right?", ["Yes", "Stanford CS229"]),
    ("im doing the nlp part of ai integration, is spacy one of the resources?", ["Yes", "spaCy course"]),
    ("for ai integration engineer interviews do they expect vector db knowledge?", ["Yes", "Vector databases", "Interview"]),
    ("r there any security resources like owasp in the integration track", ["Yes", "OWASP guidelines"]),
    ("who's the author of the deep learning book in the books list", ["Goodfellow"]),
    ("who publishes the 'building apis with fastapi' book?", ["Packt"]),
    ("should i do the prereqs first or can i jump straight into level 1 of a path?", ["foundational requirements"]),
    ("how am i supposed to keep track of my progress while going thru this", ["Track progress with milestones"]),
    ("kaggle is one of the recommended platforms?", ["Yes", "Kaggle"]),  # a confirmation without "right"
    ("do they want us to get cloud certs for the ai integration path?", ["Yes", "Cloud certifications"]),
    ("any mention of load balancing in the integration track", ["Yes", "Load balancing"]),
    ("ok where do i even start, whats step one acording to the roadmap?", ["Choose your path"]),
    # a level by its name, the path by its own word: retrieval brings "Level 1: Foundation" of that path
    ("how long does it take to get thru the foundation part of the integration path", ["Level 1", "AI Integration", "0-6 months"]),
    # context before the question, an afterthought after it
    ("im a backend dev and already know docker pretty well, is docker even covered anywhere in this?", ["Yes", "Docker basics"]),
    ("does the ai integration side have anything about caching? thats a big deal for llm api costs",
     ["Yes", "Caching strategies"]),
    ("is cs231n in there somewhere? a friend said its a must for cnns", ["Yes", "Stanford CS231n"]),
    ("how am i supposed to track my progress w this roadmap? theres no exams or anything", ["Track progress with milestones"]),
    ("can u tell me which conferences the roadmap mentions? want to go to one next yr", ["NeurIPS", "ICML", "PyData"]),
    ("what level of python do i need for this, is beginner enough?", ["Python (Advanced)"]),  # a proficiency
    ("so basically the whole ML engineering path takes like 2 years right?", ["24 months", "Machine Learning Engineering"]),
    ("im starting the ai integration path from zero, how long till im done with the foundation stuff?", ["0-6 months"]),
    # found reading answers as the learner would (final review)
    ("whats in the last stage of the integration track", ["Level 3", "Security & Compliance"]),  # not Level 2
    ("what should i do after finishing the prereqs? step by step pls", ["Follow structured learning path"]),
    ("r there any communities it recommends? i learn better with people", ["Yes", "Stack Overflow", "ML Discord servers"]),
    # found on the eleventh fresh set (dev_k)
    ("doing the integration route rn - do they mention owasp anywhere for the security part?", ["Yes", "OWASP"]),
    ("how long is lvl 2 of the integration track supposed to take?", ["6-12 months", "AI Integration"]),  # "lvl"
    ("who does the ml path recommend for math videos? someone said theres a youtube channel", ["3Blue1Brown"]),
    ("transformers (the architecture, not the HF lib) - which lvl of the ML track is that in?", ["Level 2"]),
    ("what math topics are in the ml path?", ["Linear algebra", "Calculus"]),  # not the interview "Technical Topics"
    # the path asked about leads, though the context names the other one
    ("i thought mlops was only for ML engineers. does the integration path have any mlops in it too?",
     ["Yes", "MLOps for Integration"]),
    # found on the twelfth fresh set (dev_l)
    ("is 3blue1brown actually on the ml path or is that just reddit hype? trying to brush up on math", ["Yes", "3Blue1Brown"]),
    ("for the nlp part of integration, what libs/courses r mentioned? i only know nltk a bit", ["Sentence-transformers", "spaCy"]),
    ("does level 1 of the ml path take longer than level 1 of the integration one? trying to decide", ["No", "0-6 months"]),
    ("is level 2 of the ai integration path the same length as level 2 of the ml path?", ["Yes", "6-12 months"]),
    # found on the thirteenth fresh set (dev_m)
    ("once im done with level 2 of the ml path what comes next? whats level 3 called", ["Level 3", "Expertise"]),
    ("when do i get to model compression and transfer learning on the ml side", ["Model compression", "Level 3"]),
    ("im on the ml track, what milestones would show im past beginner? the intermediate ones i mean",
     ["Train custom architecture"]),
    ("hey so i finished ml basics and want to learn cnns, is stanford cs231n the course the roadmap points to?",
     ["Yes", "Stanford CS231n"]),
    ("for the advanced ml engineering milestones do i really have to publish something?", ["Yes", "Publish findings"]),
    # found on the fourteenth fresh set (dev_n)
    ("do i eventually have to publish stuff on the ml track? research isnt really my vibe", ["Yes", "Publish findings"]),
    ("where should i learn the heavier math for the ml path, any vids or courses u know of from the roadmap",
     ["3Blue1Brown videos", "MIT OpenCourseWare"]),
    ("what r the advanced topics in the last ml stage", ["Transfer learning", "Model compression"]),
    ("any book in the resource list about designing ml systems specifically?", ["Designing Machine Learning Systems"]),
    ("is mlops only a thing for the ml engineering path? im going integration so hoping to skip it",
     ["No", "both", "MLOps"]),
    ("how good at python do i need to be b4 starting? im kinda intermediate", ["Python (Advanced)"]),
    # found on the fifteenth fresh set (hp-*, measured once, then read)
    ("which editors/IDEs does the roadmap mention? i'm still on notepad++ haha", ["VS Code", "PyCharm"]),
    ("what r the advanced topics in ml expertise level? i keep hearing meta learning lol", ["Transfer learning", "Meta-learning"]),
    ("my math is rusty af. what resources does the ml path give for the advanced math part?", ["3Blue1Brown videos"]),
    ("for nlp integration, besides the sentence-transformers docs what else should i study from?", ["spaCy course", "NLTK tutorials"]),
    ("does the ml path expect u to publish stuff eventually? like real research", ["Yes", "Publish findings"]),
    # found reading answers as the learner would (final review): the topic after the one named
    ("what comes after api development in the integration path?", ["Cloud Platforms", "API Development"]),
    # found on the sixteenth fresh set (hq-*, measured once, then read)
    ("how do i know i'm past beginner on the integration side? like what should i have built by then",
     ["Build basic API with pre-trained model"]),  # "past" does not skip the stage whose end is asked about
    ("where can i hang out online with other ml ppl, per the roadmap?", ["Stack Overflow"]),  # "ml": the field
    ("where can i talk to other people learning ml?", ["ML Discord servers"]),
    ("what r the deep learning basics topics in the 1st stage of ml eng", ["Neural networks", "Backpropagation"]),
    ("ok read the whole roadmap, kinda overwhelmed. what am i supposed to actually do first?",
     ["Choose your path based on interests and goals"]),
    ("does the ml path actually teach transformers or is that just the hugging face stuff on the integration side?",
     ["Yes", "Model Architecture"]),  # the path named as a path still places the answer
    # a month inside a level's range names that level ("3 months in" is not Level 3)
    ("im around month 8 of the ML engineer track, which topics should i be working on at this point?",
     ["Level 2", "Model Architecture", "MLOps Fundamentals"]),
    ("i'm 3 months in on the integration path, what should i be studying?", ["Level 1", "API Development"]),
    ("i'm at month 14 of the ml path, what topics?", ["Level 3", "Production ML"]),
    # found on the seventeenth fresh set (hr-*, measured once, then read)
    ("which confrences does it tell us to follow?", ["NeurIPS", "ICML"]),  # a misspelt document word is mended
    ("where do the 3blue1brown videos fit in, which stage am i supposed to watch them?", ["Level 1", "3Blue1Brown"]),
    ("what are the main topics in the advanced level of the api / integration path?",
     ["Level 3", "Performance Optimization", "Security & Compliance", "MLOps for Integration"]),
    ("what r the advanced topics in the last ml stage", ["Transfer learning"]),  # a topic's title, not the level's topics
    ("how long is the second stage of the api/llm integration track meant to take? just want a rough timeline",
     ["Level 2", "6-12 months"]),  # the ordinal names the level, though Level 1 shares "api"
    # found on the eighteenth fresh set (hs-*, measured once, then read)
    ("at what point in the ml path do i actually get into CNNs and transformers? feels like level 1 is all math lol",
     ["Level 2"]),  # the afterthought's "level 1" is not asked about
    ("im about 8 months into the integration track, which level should i be on by now?", ["Level 2"]),
    # a yes/no about one path: "No" when its levels show it lacks the thing another path has
    ("does the ml path have vector databases?", ["No", "Vector Databases & Search"]),
    ("does the integration path have mlops?", ["Yes", "MLOps for Integration"]),
    # found on the nineteenth fresh set (ht-*, measured once, then read)
    ("do i still need calculus if i only go for the integration path?? i thought math was just for the ML people",
     ["Yes", "Calculus (basic understanding)"]),  # a prerequisite both paths share answers for either
    ("wht math is in level 1 of the ml path? want to brush up before i start", ["Linear algebra", "Calculus"]),
    ("which book does it point to for the perf optimization stuff (profiling, scaling) in integration level 3?",
     ["High Performance Python book"]),  # the kind asked for, not the course sharing "scaling"
    ("for deep learning basics which courses/tutorials does it point u to?", ["Deep Learning Specialization", "PyTorch tutorials"]),
    ("for ai integration engineer interviews should i expect questions on vector dbs or is that overkill?",
     ["Yes", "Vector databases"]),
    # found on the twentieth fresh set (hu-*, measured once, then read)
    ("ive been on the ML path for about 8 months now, which level should i be working through at this point?",
     ["Level 2"]),  # time spent ("for about 8 months now") is a point inside 6-12 months
    ("been studying the integration track for 3 months, what level am i on?", ["Level 1"]),
    ("where in the roadmap does load balancing come up, which path and what level?",
     ["Level 3", "AI Integration Engineering Path", "Load balancing"]),
    ("how deep into linear algebra do i have to be for the prereqs that both paths share? im rusty",
     ["Basic linear algebra"]),  # the depth an item states, not a comparison of the paths
    ("how much calculus do i need?", ["Calculus (basic understanding)"]),
    # after the last topic of a level comes the next level of that path, retrieved though not asked by name
    ("what comes after mlops fundamentals on the ml side?", ["Level 3", "Advanced Topics"]),
    ("what comes after system design on the integration track?", ["Level 3", "Performance Optimization"]),
    # the first thing to learn on a path is its first level's first topic, not the topic sharing the path's word
    ("whats the first thing i should learn if i pick the ml track?", ["Advanced Mathematics", "Level 1"]),
    ("what do i start with in level 2 of the ml path?", ["Model Architecture"]),
    # the path's own word does not name a topic ("integration" is not NLP Integration here)
    ("what do they want me to build as a beginner on the integration track?", ["Build basic API with pre-trained model"]),
    # before a level's first topic comes the last topic of the level before, retrieved though not asked by name
    ("what comes before model architecture?", ["Deep Learning Basics", "Level 1"]),
    ("what comes before cloud platforms in the integration path?", ["API Development"]),
    # "how do i know im ready for level N": the milestones of the stage before it (the sets are in level order)
    ("how do i know im ready for level 3 on the ml track?", ["Intermediate Milestones", "Train custom architecture"]),
    ("how can i tell i'm ready to move on to level 2 of the integration path?",
     ["Beginner Milestones", "Build basic API with pre-trained model"]),
    # found on the twenty-first fresh set (hv-*, measured once, then read)
    ("any book or course recs for the math part at the start of the ML path?", ["3Blue1Brown videos"]),  # not "ML course"
    ("what counts as the top-tier achievements for AI integration people?", ["Build enterprise-grade AI system"]),
    ("how am i supposed to keep tabs on my progress as i go through this?", ["Track progress with milestones"]),
    ("ok I've settled on the ML path. what do I actually study first?", ["Common Prerequisites", "Programming Fundamentals"]),
    ("does level 2 of the ml path cover backprop?", ["No", "Level 1"]),  # a yes/no about one level: No when elsewhere
    # a unit outside the path named gains nothing from the path's words ("ML" milestones are not governance)
    ("which path covers model governance - the ML one or the integration one?", ["AI Integration", "Security & Compliance"]),
    # found on the twenty-second fresh set (hw-*, measured once, then read)
    ("I'm learning alone and kinda lonely lol. where online can I find other people doing this, according to the roadmap?",
     ["Reddit (r/MachineLearning)"]),  # "other people": a community
    ("total newbie here, havent picked anything yet. what do i actually learn first?", ["Common Prerequisites"]),
    # found on the twenty-third fresh set (hx-*, measured once, then read)
    ("is backprop part of the AI integration track, or am I mixing it up with the other one?",
     ["No", "Machine Learning Engineering"]),  # the other path offered as the alternative: No, and where
    ("For the NLP chunk of the integration path, what are the actual skills I'm meant to pick up? Not the courses, "
     "the topics themselves.", ["Sentence transformers", "Token handling"]),  # resources turned down
    ("In the integration path, what do I need to get through right before I hit the performance optimization and "
     "security/compliance material?", ["System Design", "Level 2"]),  # "right before I hit X"
    ("I've already committed to a path. Going by the roadmap's step list, what am I meant to do right after that, "
     "before touching any Level 1 material?", ["Start with foundational requirements"]),  # the next numbered step
    ("does data privacy show up earlier than level 3 in the integration path?", ["No", "Level 3"]),
    ('Who\'s the publisher on the "Building APIs with FastAPI" book from the integration foundation stage?', ["Packt"]),
    ("which of the paths has more cloud stuff", ["AI Integration Engineering Path", "Cloud Platforms"]),
    # found on the twenty-fourth fresh set (hy-*, measured once, then read)
    ("Docker is just an integration-path thing, right? ML folks can skip it?", ["No", "both paths", "Docker basics"]),
    ("mlops is purely an ML-path thing right? if I go the integration route I can ignore it?", ["No", "MLOps for Integration"]),
    ("Will I be doing transfer learning during my first year on the ML path?", ["No", "Level 3", "12-24 months"]),
    ("will i learn FastAPI in my first 6 months on the integration path?", ["Yes", "Level 1"]),
    ("Total newbie, where do I even begin with this whole thing? Like what are steps one and two?",
     ["Choose your path", "Start with foundational requirements"]),
    ("ok so step 1 was choosing my path, done ✅ whats step 2 supposed to be?", ["step 2 is Start with foundational requirements"]),
    # found on the twenty-fifth fresh set (hz-*, measured once, then read)
    ("real talk, do I have to be good at calculus (integrals, proofs, all that) before starting? math anxiety is "
     "kicking in", ["No", "Calculus (basic understanding)"]),  # only the basics asked for
    ("do i need to be really good at python?", ["Yes", "Python (Advanced)"]),
    ("a recruiter pinged me about an integration eng role. is vector db stuff likely to come up in the interview, or "
     "is prepping it overkill?", ["Yes", "Vector databases", "Interview Preparation"]),
    ("do I need model compression for the integration track or is that an ml-side thing? trying to cut scope "
     "wherever I can", ["No", "Machine Learning Engineering"]),  # the other path offered instead
    ("transfer learning / meta-learning: is that beginner material or the deep end of the pool?", ["Level 3"]),
    ("got an onsite for an ML eng role in 3 wks 😬 what topics should I expect them to grill me on, going by this "
     "thing?", ["ML algorithms", "Interview Preparation"]),  # "3 wks" is no Level 3
    ("what kind of projects should my github have if I'm going for research-leaning ML eng roles?",
     ["Custom models", "Project Portfolio"]),
    # found on the twenty-sixth fresh set (ia-*, measured once, then read)
    ("for ml engineer interviews the math won't really come up right? i'd rather just focus on projects",
     ["No", "Mathematics"]),  # a doubt confirmed: it is listed, so No
    ("im only into the model training side, not deployment, so i can prob skip docker entirely rigth? feels like a "
     "devops thing", ["No", "both paths", "Docker basics"]),
    ("mlops is purely an ML-path thing right? integration folks wouldnt be doing model serving or monitoring i assume",
     ["No", "MLOps for Integration"]),  # the path the person doubts leads
    ("ok so my calculus is super rusty, like i barely remember what a derivative is lol. before i even start on either "
     "track how much of it am i expected to know", ["Calculus (basic understanding)"]),
    ("When does the roadmap want me to start engaging with the community, like right after which step?",
     ["Build projects for portfolio", "Engage with community"]),
    ("which confs are worth following? i already know neurips but what else is on there", ["ICML", "PyData"]),
    ("at what point in the ML milestones are you supposed to publish findings? seems ambitious for someone starting out",
     ["Advanced Milestones"]),
    # one stage asked about, yes or no: the stage the thing is in answers ("is X beginner stuff or advanced?" stays a choice)
    ("Is a production QA system considered a beginner project on the integration side? I kinda want to start with that "
     "one.", ["No", "Build production QA system", "Intermediate Milestones"]),
    ("is deploying a cloud function a beginner milestone for integration?", ["Yes", "Deploy cloud function"]),
    ("is backprop beginner stuff or advanced?", ["beginner material", "Level 1"]),
    ("got a phone screen next week for a job wiring existing llms into our product through apis. what tech topics does "
     "the roadmap say to prep for that kind of role?", ["API design patterns", "Interview Preparation"]),
    # found on the twenty-seventh fresh set (ib-*, measured once, then read)
    ("backprop and activation functions - is that first level or second level stuff on the ML side?",
     ["Backpropagation", "Activation functions", "Level 1"]),
    ("Does the first level of the integration path already cover vector search? I want to build a semantic search thing asap",
     ["No", "Vector Databases & Search", "Level 2", "not in Level 1"]),
    ("quick one - is docker part of what I should know before I even start, or does that come later in the levels?",
     ["Yes", "Docker basics"]),
    ("for the nlp part of the integration path (sentence transformers, tokens, preprocessing), what resources r recommended?",
     ["Sentence-transformers documentation", "spaCy course", "NLTK tutorials"]),
    ("my linear algebra is weak, what does the ML path point me to for the math part",
     ["3Blue1Brown", "MIT OpenCourseWare", "Mathematics for Machine Learning"]),
    # one of two names asked yes or no: the one the roadmap has, and the other it does not mention; or both
    ("is pytorch or tensorflow recommended?", ["PyTorch:", "PyTorch tutorials", "does not mention tensorflow"]),
    ("is pinecone or weaviate recommended?", ["Both:", "Pinecone", "Weaviate"]),
    ("i know python ok but zero ml. where do i even start?", ["Start with", "Common Prerequisites"]),
    # "is X only / just a <path> thing?": the prerequisites both paths share are searched too, and answer No
    ("is sql only for the ML path?", ["No, both paths", "SQL and databases"]),
    ("is calculus only an ML thing?", ["No, both paths", "Calculus"]),
    ("is docker just an integration thing?", ["No, both paths", "Docker basics"]),
    ("In the ML path, do I learn model versioning in level 2 or level 3?", ["Model versioning", "Level 2"]),
    # found on the twenty-eighth fresh set (ic-*): skipping something the roadmap lists is a No; "ides"
    ("can i skip the math stuff entirely if i go the integration route?", ["No, both paths", "Mathematics & Statistics"]),
    ("is it ok to skip system design on the integration path?", ["No", "System Design", "Level 2"]),
    ("which ides does it mention? wanna make sure im using the right one", ["VS Code", "PyCharm"]),
    # found on the twenty-ninth fresh set (id-*)
    ("where am i supposed to hang out online w/ other ml ppl according to the roadmap",
     ["Reddit", "Stack Overflow", "Discord", "LinkedIn"]),
    ("honestly overwhelmed, where do i even begin with all this?", ["Choose your path"]),
    ("should i grind the math/stats stuff first or just jump straight into fastapi?", ["Mathematics & Statistics"]),
    # found on the thirtieth fresh set (ie-*): a path named only in words whose passages were not found; "side"
    ("on the integration route will i have to learn backprop and all the neural net math?",
     ["No: the integration route does not list it", "Backpropagation"]),
    ("is fastapi on the ml side?", ["No", "FastAPI", "API Development"]),
    ("do i actualy need to kno docker before starting either path?", ["Yes", "Docker basics"]),
    # "can i learn ml without calculus?": a yes would say it is not needed, and the roadmap lists it
    ("can i learn ml without calculus?", ["No", "Calculus"]),
    ("can i do the integration path without docker?", ["No", "Docker basics"]),
    # found reading the thirty-first set (if-*): the part where X is learnt is its level, which has a time; "the
    # foundation bit" of a path is its Level 1; a section's own name is not a path ("the Cloud Platforms part")
    ("how long is the part where you learn cnns, rnns and transformers supposed to take?",
     ["Model Architecture", "Level 2", "6-12 months"]),
    ("how much time should i set aside for the foundation bit of the integration track?",
     ["Level 1: Foundation of the AI Integration Engineering Path", "0-6 months"]),
    ("can I skip the Cloud Platforms part of Level 1?", ["No: the roadmap lists", "Cloud Platforms"]),
    # "should i learn A or B?" when the roadmap lists only one of them: that one, and that it does not mention the other
    ("should i learn pytorch or tensorflow?", ["PyTorch: the roadmap lists PyTorch tutorials", "it does not mention tensorflow"]),
    # found re-reading older sets: the roadmap's structure; the next stage after one named; the level the asking
    # sentence names; a yes/no about the first level of a path answered from that level
    ("before I dive in, what does each path actually include, like what's the structure",
     ["Each path includes required skills, learning resources, practical projects"]),
    ("once I'm past the foundation stage of the ML track, what's the next stage called and how many months does it run?",
     ["Level 2: Advanced ML", "6-12 months"]),
    ("im ~8 months into the model track, in the middle stage now. how long is the expertise stage after this supposed to run?",
     ["Level 3: Expertise", "12-24 months"]),
    ("r there any security topics already in the first integration level?", ["Yes", "API security", "Level 1"]),
    # found on the thirty-fourth fresh set (ij-*): "lvl3", "level one … how much month", nicknames ("DDIA", "3b1b")
    # and an aside naming the author; a time in the path against the level of what is asked about; which level,
    # whatever the afterthought says
    ("ml track lvl3 topics??", ["Advanced Topics", "Research & Development", "Production ML"]),
    ("for the AI integration way, the level one is how much month?", ["Level 1: Foundation of the AI Integration", "0-6 months"]),
    ("is DDIA (the Kleppmann one) anywhere in the roadmap? where?", ["Yes", "Designing Data-Intensive Applications"]),
    ("3b1b vids are for which part of the ML path?", ["Advanced Mathematics"]),
    ("7 months into the ML engineering track — is now the right time for CNNs, RNNs and Transformers?",
     ["Yes: the roadmap puts CNNs, RNNs and Transformers", "Level 2", "month 7 falls in that range"]),
    ("im 3 months in on the ml path, is it too early for transformers?", ["Yes, it is early", "Level 2", "after month 6"]),
    ("14 months into the integration track, is it too late for fastapi?", ["Not too late, but you are past it", "Level 1"]),
    ("Which level are meta-learning and model compression in? I'm at month 4 and wondering if it's too early.",
     ["Meta-learning and Model compression", "Level 3"]),
    # found on the thirty-fifth fresh set (ik-*): "fastai" is Fast.ai (not a misspelt "fastapi"); two resources named,
    # each where it is listed; a path named in words is not what a yes/no asks about; a short question naming a
    # section; "DDIA" asked by its nickname alone
    ("does fastai show up anywhere in the roadmap", ["Yes", "Fast.ai"]),
    ("CS229 and CS231n are both in there I think, which section is each one under?", ["CS229", "CS231n", "ML Fundamentals"]),
    ("Can I skip the maths completely if I go the AI integration route?", ["No, both paths need it", "Mathematics & Statistics"]),
    ("do I still need math if I pick AI integration instead of ML? I hate math tbh", ["Yes", "Mathematics & Statistics"]),
    ("book recs? i learn better reading than watching videos", ["The roadmap recommends these books"]),
    ("where does DDIA fit in the roadmap, which topic is it for?", ["System Design", "Level 2"]),
    # a list asked for, then whether a thing is in it: the list, then yes or no
    ("what technical topics come up in interviews for an AI integration engineer, and is system design one of them?",
     ["API design patterns", "Performance optimization", "system design is not among them"]),
    ("what are the ml engineer interview technical topics, and is mathematics one of them?",
     ["ML algorithms", "Mathematics is one of them"]),
    # found on the thirty-sixth fresh set (il-*): "is basic … enough, or do I need to be strong at it?" asks whether
    # basic is enough (Yes when the roadmap asks only for basics)
    ("Is a basic grasp of calculus enough for the shared prerequisites, or do I need to be strong at it?",
     ["Yes: the roadmap asks only for Calculus (basic understanding)"]),
    # found reading answers as a learner would, at the end: "what comes after level 1" is Level 2; a condition after
    # a short question naming a section is not what it asks about
    ("what comes after level 1 on the ml side and how long is it?", ["Level 2: Advanced ML", "6-12 months"]),
    ("which books does it recommend if i like reading more than videos", ["The roadmap recommends these books"]),
    # found on the tenth session's probe sets (in-, io-, ip-*): a stage asked with words in between; a prerequisite
    # is early; resources by their maker, across sections; a yes/no without its verb; a path without a shared prereq
    ("is vector search something i learn early on the integration side or later?",
     ["Vector Databases & Search is intermediate material", "Level 2"]),
    ("is docker early on or later?", ["Docker basics is early: a prerequisite for both paths"]),
    ("Which Stanford courses does it recommend?", ["Stanford CS229", "Stanford CS231n"]),
    ("what stanford course is listed for model architecture", ["Stanford CS231n"]),
    ("Does the roadmap recommend any Packt book?", ["Yes", '"Building APIs with FastAPI" - Packt']),
    ("what cloud stuff do they want me to know in the first part of the AI integraton track?", ["AWS/GCP/Azure basics"]),
    ("docker needed??", ["Yes", "Docker basics"]),
    ("kaggle on the list at all?", ["Yes", "Kaggle"]),
    ("do i need calc 4 this??", ["Yes", "Calculus"]),
    ("I really don't want to do any calculus. Is there a path here that doesn't need it at all?",
     ["No, both paths need it", "Calculus"]),
    # who is asking is not what is asked about
    ("UX designer here, curious about AI. Which pre-trained model tools does the integration path start me on?",
     ["Hugging Face transformers", "OpenAI API"]),
    ("Maths PhD switching careers: what exactly is covered under Advanced Mathematics in the first level of the ML path?",
     ["Linear algebra", "Optimization theory"]),
    ("As a DevOps person I'm curious — does Docker appear among the things you need before either path?", ["Yes", "Docker"]),
    ("PyTorch or TensorFlow — which one does the ML path point me to?", ["PyTorch", "it does not mention TensorFlow"]),
    # two levels of one path compared; a count asked for a list
    ("Is Level 3 of the ML path a lot longer than Level 1?", ["Yes: Level 3: Expertise of the Machine Learning Engineering Path takes 12-24 months"]),
    ("How many portfolio projects does the roadmap list for ML engineer interviews?", ["Four: the roadmap lists Custom models"]),
    ("are there any resources for system design?", ["Yes", "System Design Primer (GitHub)", "Microservices patterns course"]),
    ("Which path's Level 1 doesn't include anything about cloud platforms?", ["The Machine Learning Engineering Path: the roadmap "
     "lists Cloud Platforms only in the other path's Level 1"]),
    # found on the tenth session's later probe sets (iq-, ir-*): a milestone tier by its place; what to build to show
    # off; an intro's unit is not the unit asked; "only late?"; "is beginner X ok?"
    ("What are the last milestones on the ML side?", ["Research novel approaches", "Advanced Milestones"]),
    ("wat should i build to show off when applying for ai integration jobs", ["QA systems", "Project Portfolio"]),
    ("I only have about an hour a day after school. How long does the foundation level of the ML path take in the roadmap?",
     ["0-6 months"]),
    ("Is API security something I only deal with late in the integration path?", ["No", "Level 1"]),
    ("is beginner python ok or do they want more?", ["No: the roadmap asks for Python (Advanced)"]),
    ("I'm a marketing analyst and I know SQL really well. Does that actually count toward the prerequisites?",
     ["Yes", "SQL and databases", "Programming Fundamentals"]),
    ("im a competitive programmer, DSA is basically all i do. does that even count as a prereq for this stuff",
     ["Yes", "Data structures and algorithms"]),
    # found on the last probe set (is-*): a title in quotes and a second question after it; a Resource Library book
    # named by its author is the level's '"Deep Learning" book'; "hiring manager" is who asks, not the job market
    ('What topics are in "MLOps for Integration"? Also, is CI/CD mentioned anywhere there?',
     ["Model serving", "CI/CD is mentioned: CI/CD for AI courses is one of its resources"]),
    ("is the goodfellow one also used in the learning paths?", ['Yes: the roadmap also lists "Deep Learning" book under Model Architecture']),
    ("Kaggle is on the roadmap's list of platforms, right? and what else is on that list?",
     ["Yes", "Kaggle, GitHub, Papers with code and HuggingFace"]),
    ("Is it true that the roadmap wants Python at an advanced level and not just the basics?",
     ["Yes: the roadmap asks for Python (Advanced)"]),
    ("I'm CTO at a small startup and want the team doing semantic search. Which vector stores does the integration path name?",
     ["FAISS", "Pinecone", "Weaviate"]),
    ("I'm a hiring manager screening ML engineer candidates. Per this roadmap, which technical topics should they have "
     "prepared for the interview?", ["ML algorithms", "Technical Topics"]),
    ("Coming from nursing, patient data privacy is a big deal to me. Does the roadmap cover data privacy at all, and where?",
     ["Yes", "Data privacy", "Security & Compliance"]),
    # found on the eleventh session's sets: a section named by the question before an item mentioning the word; a level
    # named by two words ("advanced ML stage"); a yes/no in a learner's word order; "more than once"; two steps in
    # order; every book of a level; the item naming all the words asked; what to build to count as a stage
    ("Stay-at-home dad, no coworkers to talk to. does the roadmap list any communities where I can ask questions?",
     ["Yes", "Reddit (r/MachineLearning)"]),
    ("how many months does the advanced ML stage (the one after foundation) take in the ML engineer track?",
     ["Level 2: Advanced ML", "6-12 months"]),
    ("The NLTK, it is inside this roadmap or not?", ["Yes", "NLTK tutorials"]),
    ("Does API security show up more than once on the integration path?", ["Yes", "twice", "Level 1", "Level 3"]),
    ("In the next steps, what comes first: building projects for a portfolio, or engaging with the community?",
     ["Build projects for portfolio comes first"]),
    ("Which books are recommended in Level 1 of the ML path?", ["Mathematics for Machine Learning", "Hands-On Machine Learning"]),
    ("Does the ML engineering track expect me to publish research at some point?", ["Yes", "Publish findings"]),
    ("what would i need to have built to count as intermediate on the ML engineering side?",
     ["Train custom architecture", "Intermediate Milestones"]),
    ("I've spent years in SQL and Excel. Before I get my hopes up: does the roadmap count SQL as one of the shared "
     "prerequisites?", ["Yes", "SQL and databases"]),
    ("retail store manager. what should i build to reach intermediate level on the AI integration side?",
     ["Build production QA system", "Intermediate Milestones"]),
    ("a friend lent me Designing Data-Intensive Applications. Is that book actually on this roadmap somewhere?",
     ["Yes", "Designing Data-Intensive Applications", "System Design"]),
    ("ICU nurse going part-time to study. What do I need to have built to say I've hit the beginner milestones on the "
     "integration track?", ["Build basic API with pre-trained model"]),
    # found on the twelfth session's sets: the first thing to do is step one; the "middle" milestones; a book asked for
    # is the book, not the first resource; tools for a job are its resources; before a level; each level's span;
    # a level asked about by what the person is doing
    ("Read the whole thing top to bottom on my night shift. What's the very first thing it tells me to actually do now?",
     ["step 1 is Choose your path based on interests and goals"]),
    ("what counts as the 'middle' milestones on the ML engineering side? I want to know if I'm past beginner",
     ["Train custom architecture", "Intermediate Milestones"]),
    ("For system design on the integration path, is there a book it recommends? I learn best from books.",
     ["Yes", "Designing Data-Intensive Applications"]),
    ("for experiment tracking + model versioning, which tools does the ML path actually point me to? i keep hearing "
     "different names", ["MLflow documentation", "DVC tutorials"]),
    ("my friend keeps saying learn mlflow. does the ml path point at any specific tools for experiment tracking and "
     "model versioning?", ["Yes", "MLflow documentation", "DVC tutorials"]),
    ("do i need to get comfortable with fastapi before i start level 2?", ["Yes", "Level 1", "before Level 2"]),
    ("how long is each level of the ML path?", ["0-6 months", "6-12 months", "12-24 months"]),
    ("so i've done andrew ng, i can build and train CNNs and RNNs and i'm now reading up on transformers and "
     "hyperparameter tuning. on the ml engineering path, which level am i working on right now?", ["Level 2"]),
    ("my friend keeps telling me to read the system design primer on github. does that actually line up with the "
     "integration roadmap or is it a detour", ["Yes", "System Design Primer (GitHub)"]),    ("is there a specific book for the system design chunk of integration level 2? i learn better from books than videos",
     ["Yes", "Designing Data-Intensive Applications"]),
    ("for the deep learning basics part which courses does it give? i learn better from video lectures than books",
     ["Deep Learning Specialization", "PyTorch tutorials", "Fast.ai course"]),
    ("does the integration path ever get into mlops stuff or is mlops only an ML engineering thing?",
     ["Yes", "MLOps for Integration"]),    ("im pretty introverted but step 5 says engage with community... where does it suggest i actually hang out online?",
     ["Reddit (r/MachineLearning)"]),    ("whats the go-to resource for api security in the advanced integration level", ["OWASP guidelines"]),
    ("how long does it take to finish level 1 of the ml path?", ["0-6 months"]),
    # found on the twelfth session's final set, read in the thirteenth: a named path's last level though the other
    # path's topic title is named; the level after the one whose topics were finished; the first thing to do;
    # a depth asked as "is intermediate ok?"; what both paths share; a place to go; a teacher named before "his course"
    ("what are the main topics in the last level of the ai integration path, the advanced one?",
     ["Level 3", "AI Integration", "Performance Optimization"]),
    ("just finished the fastapi, cloud and pretrained models bits of the integration track. how long is the next stage?",
     ["Level 2", "6-12 months"]),
    ("done with linear algebra, calculus, ml fundamentals and backprop. what's in the next level?",
     ["Level 2", "Model Architecture"]),
    ("so many tools in here, i'm lost. according to the roadmap what's the first thing i should do?",
     ["Choose your path based on interests and goals"]),
    ("what level of python do i need, is intermediate ok?", ["No", "Python (Advanced)"]),
    ("what maths do both paths assume i already have before starting?", ["Basic linear algebra", "Probability theory"]),
    ("what do both paths have in common?", ["Programming Fundamentals", "Mathematics & Statistics", "Development Tools"]),
    ("i like learning with others. where does the roadmap say i should go hang out online?", ["Reddit (r/MachineLearning)"]),
    ("a friend swears by andrew ng. is his course anywhere in the roadmap?", ["Yes", "Andrew Ng's ML course"]),
    ("finished the foundation stuff for integration (fastapi, cloud basics, hugging face). how many months for the next "
     "level with the vector dbs and system design?", ["Level 2", "6-12 months"]),
    ("how do i know i'm past beginner and at intermediate on the ML engineering side?", ["Train custom architecture"]),
    ("is there a security topic on the integration path? what's in it?", ["Yes", "API security", "Data privacy"]),
    ("what's the next resource after andrew ng's course?", ["After Andrew Ng's ML course", "Hands-On Machine Learning"]),
    ("what comes after the deep learning basics?", ["Level 2"]),
    # the fourteenth session's probes (ka-*, kb-*)
    ("totally lost, what are step one and step two?", ["step 1 is Choose your path", "step 2 is Start with foundational"]),
    ("is there any hands-on pytorch in level 1 of the ml path or is it all theory?", ["Yes", "PyTorch tutorials"]),
    ("we only use AWS at work. is AWS the only cloud the integration path wants me to know?", ["No", "AWS/GCP/Azure basics"]),
    ("do both paths have mlops? what's different about them?", ["Yes, both paths", "MLOps Fundamentals"]),
    ("is a cloud cert worth getting for the integration path?", ["Yes", "Cloud certifications"]),
    ("will they grill me on maths in ML engineer interviews or is it mostly coding?", ["Yes", "Mathematics"]),
    ("what r the middle-stage milestones for ml eng?", ["Intermediate Milestones", "Train custom architecture"]),
    # the second round (kc-*, kd-*): a "when" naming the wrong place, a stage done and the next one, plural "last
    # levels"
    ("When do transformers come up in ML level 1? I can't find them", ["No", "Transformers", "Level 2"]),
    ("at what point in the ml path do i learn fastapi?", ["No", "FastAPI", "AI Integration"]),
    ("at what point in the ML path do i learn backprop?", ["Backpropagation", "Level 1"]),
    ("i done the beginner milestones in the integration track. what is the next milestones?", ["Build production QA system"]),
    ("How do the last levels of the two paths differ?", ["Level 3: Advanced", "Level 3: Expertise"]),
    ("is there a book for learning fastapi in the roadmap?", ["Yes", "Building APIs with FastAPI"]),  # (the book alone)
    # the fifteenth session's probes (la-*, lb-*, lc-*) and the learner's questions of the fourteenth's review
    ("how can i practise the cloud stuff without spending money?", ["free tiers"]),
    ("What do I study in the advanced part of the integration track?", ["Performance Optimization", "Security & Compliance",
                                                                         "MLOps for Integration"]),
    ("What are the milestones for the top level of AI integration?", ["Advanced Milestones", "Build enterprise-grade AI system"]),
    ("milestones for the first stage of the ml track?", ["Beginner Milestones"]),
    ("What maths am I expected to have before starting either of the two paths?", ["Basic linear algebra", "Probability theory"]),
    ("any book for the system design part?", ["recommends \"Designing Data-Intensive Applications\";"]),  # (the book first)
    ("Where can I learn the maths for the first level of the ML path? Any videos you'd point me to?",
     ["recommends 3Blue1Brown videos;", "MIT OpenCourseWare"]),  # (the videos first, then the rest: "where" is asked too)
    ("What are the middle checkpoints for someone on the integration path?", ["Intermediate Milestones"]),
    ("What do I need to know before I start either of the two paths?", ["Programming Fundamentals", "Mathematics & Statistics",
                                                                         "Development Tools"]),
]


@pytest.fixture(scope="module")
def assistant(shared_services: Services) -> Assistant:
    return Assistant(shared_services.settings, shared_services.index)


@pytest.mark.parametrize(("question", "facts"), LEADS)
def test_extractive_answer_leads_with_the_answer(assistant: Assistant, question: str, facts: list[str]) -> None:
    answer = assistant.ask(question, backend="extractive")
    lead = first_sentence(answer.answer)
    assert lead, f"the first line is not a prose sentence:\n{answer.answer}"
    for fact in facts:
        assert fact in lead, f"{fact!r} not in the first sentence {lead!r}"


def test_first_sentence_rule() -> None:
    assert first_sentence("- FAISS [1]\nThe roadmap lists FAISS.") == ""
    assert first_sentence("AI Integration Engineering Path › Level 2: Integration (6-12 months) [1]") == ""
    assert first_sentence("## Level 2\nText.") == ""
    assert first_sentence("Resources:") == ""
    assert first_sentence("\n**Yes**: learn FAISS [1]. Then Pinecone [2].") == "Yes: learn FAISS."
    assert is_prose_line("Level 2 of the ML path takes 6-12 months [1].")


def _llm_assistant(services: Services, text: str) -> Assistant:
    return Assistant(services.settings, services.index, backend_selector=selector_for(scripted(text)))


def test_llm_answer_opening_with_a_section_label_gets_the_composed_lead(shared_services: Services) -> None:
    """The 0.5B echoed the passage title as its first line (seen in issue 16): the lead is put first."""
    model_text = (
        "AI Integration Engineering Path › Level 2: Integration (6-12 months) [1]\n"
        "Vector Databases & Search: FAISS, Pinecone, Weaviate [1]."
    )
    answer = _llm_assistant(shared_services, model_text).ask(
        "Which vector databases should I learn for AI integration?", backend="llamacpp"
    )
    lines = answer.answer.splitlines()
    assert all(w in first_sentence(answer.answer) for w in ("FAISS", "Pinecone", "Weaviate")), answer.answer
    assert "›" not in lines[0] and answer.extra.get("lead") == "composed"
    assert not any(ln.startswith("AI Integration Engineering Path ›") for ln in lines)


def test_llm_answer_placing_a_topic_without_its_path_gets_the_composed_lead(shared_services: Services) -> None:
    """Seen with the 0.5B on the twentieth fresh set: "which path and what level?" answered with the level and
    the topic but a made-up path; naming the path is part of answering, so the composed lead goes first."""
    model_text = ("Load Balancing comes up in the Advanced (12-24 months) path, which path is the Performance "
                  "Optimization path and the level is Level 3 [1].")
    answer = _llm_assistant(shared_services, model_text).ask(
        "where in the roadmap does load balancing come up, which path and what level?", backend="llamacpp"
    )
    first = first_sentence(answer.answer)
    assert "AI Integration Engineering Path" in first and "Level 3" in first, answer.answer
    assert answer.extra.get("lead") == "composed"


def test_llm_answer_that_already_answers_first_is_kept(shared_services: Services) -> None:
    model_text = "Learn FAISS, Pinecone and Weaviate [1]. They are in Level 2 of the integration path [1]."
    answer = _llm_assistant(shared_services, model_text).ask(
        "Which vector databases should I learn for AI integration?", backend="llamacpp"
    )
    assert answer.answer.startswith("Learn FAISS, Pinecone and Weaviate") and "lead" not in answer.extra


def test_llm_answer_gets_the_lead_the_extractive_answer_opens_with(shared_services: Services) -> None:
    """Seen with the 0.5B on the fifteenth session's probes: a lead composed again over the focused passages alone
    picked Research & Development's "ML conferences" resource; the lead is the one over the retrieved passages."""
    question = "Which ML conferences should I keep an eye on?"
    extractive = Assistant(shared_services.settings, shared_services.index).ask(question, backend="extractive")
    answer = _llm_assistant(shared_services, "Research matters a lot on the ML path [1].").ask(question, backend="llamacpp")
    assert first_sentence(answer.answer).startswith("Conferences: NeurIPS, ICML"), answer.answer
    assert re.sub(r"\[\d+\]", "", first_sentence(answer.answer)) == re.sub(r"\[\d+\]", "", first_sentence(extractive.answer))
    assert any(c.label.endswith("Resource Library › Conferences") for c in answer.citations), answer.citations


def test_llm_answer_keeping_only_its_first_line_gets_the_extractive_lines_of_the_sections_it_dropped(
    shared_services: Services,
) -> None:
    """The 0.5B often keeps only its opening sentence: the extractive answer's detail line for a section it cites and
    the model's answer does not is added, so the answer still cites where the rest of it comes from."""
    question = "What maths am I expected to have before starting either of the two paths?"
    extractive = Assistant(shared_services.settings, shared_services.index).ask(question, backend="extractive")
    assert len({c.label for c in extractive.citations}) == 2, extractive.citations  # (else the test shows nothing)
    model_text = "You need Basic linear algebra, Probability theory, Statistical analysis and Calculus [1]."
    answer = _llm_assistant(shared_services, model_text).ask(question, backend="llamacpp")
    assert answer.answer.startswith("You need Basic linear algebra"), answer.answer
    assert {c.label for c in answer.citations} == {c.label for c in extractive.citations}, answer.citations
    assert answer.extra.get("support") == "extractive" and len(answer.answer.splitlines()) == 2, answer.answer
    # (an answer already citing every section the extractive answer cites is left as the model wrote it)
    full = _llm_assistant(shared_services, extractive.answer).ask(question, backend="llamacpp")
    assert "support" not in full.extra


def test_a_resource_named_by_its_own_word_leads_alone(assistant: Assistant) -> None:
    first = first_sentence(assistant.ask("which udemy course does it suggest?", backend="extractive").answer)
    assert "Udemy" in first and "Packt" not in first and "official documentation" not in first, first


def test_a_section_named_by_the_question_is_quoted(assistant: Assistant) -> None:
    """'any conference …': the Conferences list is quoted and cited, though Python and data match elsewhere."""
    answer = assistant.ask("any conference about python and data?", backend="extractive")
    assert "PyData" in answer.answer and any("Conferences" in c.label for c in answer.citations), answer.answer


def test_a_yes_no_asked_of_both_paths_cites_each_path_in_its_own_sentence(assistant: Assistant) -> None:
    answer = assistant.ask("is MLOps only in the machine learning engineering path or does ai integration have it too?",
                           backend="extractive")
    first, second = answer.answer.splitlines()[0].split(". ", 1)
    assert first.startswith("Yes, both paths") and first.endswith("[1]") and second.endswith("[2]."), answer.answer
    assert {"MLOps Fundamentals" in first, "MLOps Fundamentals" in second} == {True, False}, answer.answer
    assert {"MLOps for Integration" in first, "MLOps for Integration" in second} == {True, False}, answer.answer
    labels = [c.label for c in answer.citations]
    assert any("Machine Learning Engineering Path › Level 2" in x for x in labels)
    assert any("AI Integration Engineering Path › Level 3" in x for x in labels)
    assert all(c.supported for c in answer.citations), answer.citations


def test_a_shared_prerequisite_answers_both_paths_alone(assistant: Assistant) -> None:
    """"do both paths need python?": the common prerequisite says it; a book with Python in its title elsewhere
    is not cited."""
    answer = assistant.ask("do both paths need python?", backend="extractive")
    assert first_sentence(answer.answer).startswith("Yes"), answer.answer
    assert [c.label.split(" › ", 1)[1] for c in answer.citations] == [
        "Foundational Requirements › Common Prerequisites (Both Paths)"], [c.label for c in answer.citations]


def test_a_comparison_of_two_levels_is_supported_by_both_passages(assistant: Assistant) -> None:
    answer = assistant.ask("compare level 1 of the two paths", backend="extractive")
    assert len(answer.citations) == 2 and all(c.supported for c in answer.citations), answer.citations
    assert {"Level 1" in c.label for c in answer.citations} == {True}


def test_a_follow_up_keeps_its_own_shape_not_the_earlier_turns(assistant: Assistant) -> None:
    """The condensed follow-up carries the earlier topic ("… (about: difference two paths)"): a resources question
    after a comparison is answered with resources, not as a comparison."""
    history = [{"role": "user", "content": "whats the difference between the two paths in a nutshell?"},
               {"role": "assistant", "content": "AI Integration is about APIs and cloud; ML engineering about training models."}]
    answer = assistant.ask("cool, and what resources do they give for the deep learning basics part of the second one?",
                           history=history, backend="extractive")
    first = first_sentence(answer.answer)
    assert "Deep Learning Specialization" in first and "while" not in first, answer.answer
# (earlier question, earlier answer, follow-up, fact the follow-up's FIRST sentence must carry)
FOLLOW_UPS = [
    # "(about: level 1 ml path)" is appended: the person's own words (deep learning) choose the topic, not "ml"
    ("what's in level 1 of the ml path?", "Level 1 covers Advanced Mathematics, ML Fundamentals and Deep Learning Basics.",
     "ok and what resources does it give for the deep learning part?", "Deep Learning Specialization"),
    # "(about: beginner milestones …)" names Beginner Milestones by their whole title; the own word names another
    ("what are the beginner milestones for ml engineering?",
     "Implement basic ML models, train a CNN/RNN, and build a training pipeline.",
     "what abt the intermediate ones?", "Train custom architecture"),
    # the topic is named; "after that" only places it
    ("what resources are there for ML fundamentals in the ml path?",
     "For ML Fundamentals the roadmap lists Andrew Ng's ML course and Stanford CS229.",
     "nice. what resources for the deep learning basics bit right after that?", "Deep Learning Specialization"),
    # an acknowledgement before the cue keeps it a follow-up: that path's intermediate milestones
    ("what are the beginner milestones for ai integration?",
     "Build a basic API with a pre-trained model, deploy a cloud function, and implement vector search.",
     "cool, and what about intermediate?", "Build production QA system"),
    # "that last one": the last item of the previous answer's list
    ("what does level 2 of the integration path cover?",
     "Level 2 (Integration, 6-12 months) covers vector databases & search, NLP integration, and system design.",
     "which resources does it give for that last one?", "System Design Primer"),
    # "the one after that": the next level's time
    ("how long is the foundation level on the ml path?",
     "Level 1: Foundation on the Machine Learning Engineering path takes 0-6 months.",
     "and how long is the one after that?", "6-12 months"),
    # "the next tier after those": the next topic of the same passage
    ("what are the beginner milestones for ai integration?",
     "Build a basic API with a pre-trained model, deploy a cloud function, and implement vector search.",
     "nice, and what's the next tier after those?", "Build production QA system"),
    # "the first level" stays in the earlier turn's topic, so "the stage after that one" is Level 2
    ("what's the first level of the ml engineering path and how long is it?",
     "Level 1 of the Machine Learning Engineering path is Foundation (0-6 months).",
     "and the stage after that one, how long's that supposed to take?", "6-12 months"),
    # "the advanced ones" after milestones: Advanced Milestones, not Advanced Mathematics or Advanced Topics
    ("what are the intermediate milestones for ML engineering?",
     "Train a custom architecture, optimize model performance and deploy a production model.",
     "and the advanced ones?", "Research novel approaches"),
    # "the other topics in that same level": the level's topics, not the resource the earlier turn was about
    ("where does the spaCy course show up in the roadmap?",
     "It's a resource for NLP Integration in Level 2: Integration of the AI Integration Engineering path.",
     "ok what are the other topics in that same level?", "Vector Databases & Search"),
    # a topic of the same section, named by the follow-up's own word: Project Portfolio after Technical Topics
    ("what technical topics come up in ML engineer interviews according to the roadmap?",
     "For Machine Learning Engineer interviews the roadmap lists: ML algorithms, model architecture and mathematics.",
     "nice, and what kind of projects should i have to show them?", "Custom models"),
    # "the other one" and "that path": the path the last exchange named
    ("which path has mlflow and dvc in it",
     "The Machine Learning Engineering path: Level 2 (Advanced ML) has MLOps Fundamentals, with MLflow documentation.",
     "does the other one do any mlops at all?", "MLOps for Integration"),
    ("im a backend dev who likes building apis and deploying to the cloud, not into heavy math. which path?",
     "The AI Integration Engineering path fits you best: it builds on API development and cloud deployment.",
     "ok sold. i already have the common prereqs (python, git, docker etc) down, so what does the first level of "
     "that path have me learning?", "API Development, Cloud Platforms and Pre-trained Models"),
    # "the level right after that one": the level after the one the last answer named, on its path
    ("which path covers vector databases?",
     "The AI Integration Engineering path does, in Level 2: Integration, which covers FAISS, Pinecone and Weaviate.",
     "ok and the level right after that one, how long is it supposed to take?", "12-24 months"),
    # "what about for the ML engineer side": the earlier topic (portfolio) for the path the follow-up names
    ("what should i have in my portfolio for AI integration interviews?",
     "For AI Integration Engineer interviews the roadmap's project portfolio is QA systems, search engines, API "
     "integrations and scalable solutions.", "what about for the ML engineer side tho", "Custom models"),
    ("how long is level 3 on the integration path?", "Level 3: Advanced of the AI Integration Engineering Path takes "
     "12-24 months.", "and for machine learning?", "Level 3: Expertise of the Machine Learning Engineering Path takes"),
    # "the level after that" and "that level": the level the last answer named (plus one), not the earlier turn's
    ("what do i learn in level 2 of the ML engineering path", "Level 2: Advanced ML (6-12 months) covers Model "
     "Architecture, Training Optimization and MLOps Fundamentals.", "ok and the level after that, what's in it?",
     "Advanced Topics"),
    ("what does level 2 of the AI integration path cover?", "Level 2: Integration (6-12 months) covers Vector "
     "Databases & Search, NLP Integration, and System Design.", "is load balancing part of that level too?", "No"),
    # "at what level" asks for the level: the earlier turn's "level 3" is not carried to the other path
    ("what does level 3 of the AI integration path cover?", "Level 3: Advanced (12-24 months) covers Performance "
     "Optimization, Security & Compliance, and MLOps for Integration.",
     "does the other path have an mlops section too? and if so at what level", "Level 2"),
    # "the first of those three": the first item the last answer listed ("covers three areas: A, B, and C")
    ("what's in level 2 of the AI integration path?", "Level 2: Integration (6-12 months) covers three areas: Vector "
     "Databases & Search, NLP Integration, and System Design.",
     "ok and for the first of those three, which specific ones does it want me to learn?", "FAISS"),
    # "does the other path have one too?" is about that one path, first
    ("what does level 3 of the AI integration path cover?",
     "Level 3: Advanced (12-24 months) covers Performance Optimization, Security & Compliance, and MLOps for Integration.",
     "does the other path have an mlops section too? and if so at what level", "MLOps Fundamentals"),
    # "the other role" with a topic of its own: that topic for the other role
    ("what technical topics come up in ML engineer interviews according to the roadmap?", "For the Machine Learning "
     "Engineer role the roadmap lists ML algorithms, model architecture, training optimization, mathematics and research "
     "papers.", "what about for the other role tho, what kind of projects should the portfolio have", "QA systems"),
    # "ok and what else is in that same stage apart from those?": the level's topics (an opener before the wh-word)
    ("which vector dbs does the integration path want me to learn?", "In Level 2 (Integration, 6-12 months) of the AI "
     "Integration Engineering path you cover FAISS, Pinecone and Weaviate.", "ok and what else is in that same stage "
     "apart from those?", "NLP Integration and System Design"),
    ("what's in level 2 of the integration track?", "Level 2: Integration (6-12 months) covers Vector Databases & Search, "
     "NLP Integration and System Design.", "ok and whats aftr that one", "Level 3: Advanced"),
    # "the first stage of that one": the path the last answer named; "the next bar after that": the next set
    ("I love math and I want to train my own models. which path?", "The Machine Learning Engineering path fits you: it "
     "starts with advanced mathematics and ML fundamentals.", "cool cool. and how long's the first stage of that one "
     "supposed to take?", "Machine Learning Engineering Path"),
    ("what are the intermediate milestones on the ML engineering side?", "The intermediate milestones are: train a custom "
     "architecture, optimize model performance, and deploy a production model.",
     "done all three of those now 🎉 what's the next bar after that?", "Advanced Milestones"),
    ("what does the security part of the integration path involve?", "Security & Compliance covers API security, data "
     "privacy and model governance.", "wait, is that early stuff or way later? like when in the track would I hit it",
     "Level 3"),
    # "does the first of those show up earlier in the path too?": the item, in an earlier level of that path
    ("What security stuff does the integration path teach?",
     "Security & Compliance in Level 3 covers API security, data privacy and model governance.",
     "does the first of those show up earlier in the path too, or only at that level?", "API Development (Level 1"),
    # found on the thirty-second fresh set (ig-*): "the first one" of a list followed by where it sits ("…, in Level
    # 2 of the AI Integration path."); "or only tutorials" is not what is asked about
    ("which vector dbs are in the roadmap", "FAISS, Pinecone and Weaviate, in Level 2 of the AI Integration path.",
     "is there official docs listed for the first one or only tutorials?",
     "Yes: the roadmap lists FAISS documentation under Vector Databases & Search"),
    # a resource of the Resource Library that a level also lists: that level, not the library
    ("what books are in the resource library", "Designing Machine Learning Systems, Building ML Powered Applications, "
     "Deep Learning (Goodfellow) and Hands-On Machine Learning.",
     "and the goodfellow one, what level of the ml path is it used in?", "is part of Level 2: Advanced ML"),
    # found reading the thirty-first set (if-*): "the middle one" of three; "what else is in that same group?"
    ("what's in level 3 of the ml engineering path?", "Level 3: Expertise (12-24 months) has Advanced Topics (transfer "
     "learning, meta-learning, model compression), Research & Development (paper implementation, novel architectures, "
     "experimental design) and Production ML (scalable training, distributed systems, production optimization).",
     "what does it suggest using for the middle one?", "For Research & Development, the roadmap recommends ArXiv"),
    ("does the roadmap want me to know git?", "Yes, Git version control is listed under Programming Fundamentals in the "
     "common prerequisites for both paths.", "what else is in that same group?",
     "Besides Git version control, Programming Fundamentals"),
    # found on the thirty-third fresh set (ii-*): "which specific tools" of the topic a follow-up points at; "deeper
    # … later on" asks whether the path goes on with it
    ("what's in level 2 of the ai integration path?", "Level 2: Integration (6-12 months) covers Vector Databases & "
     "Search, NLP Integration, and System Design.", "ok and for the first of those, which specific tools am i learning?",
     "FAISS, Pinecone and Weaviate"),
    ("what math do i need before starting either path?", "The common prerequisites ask for basic linear algebra, "
     "probability theory, statistical analysis, and a basic understanding of calculus.",
     "does the ml one go deeper into that later on?", "Yes: the roadmap lists Advanced Mathematics"),
    # "and books?" after platforms: the section the short follow-up names; "what else is in that group besides docker?"
    ("which platforms does the resource library mention? is kaggle on there", "Yes. The Resource Library lists Kaggle, "
     "GitHub, Papers with code and HuggingFace as platforms.", "nice. and books?", "The roadmap recommends these books"),
    ("do I need docker for both paths?", "Yes — Docker basics is one of the Development Tools in the common prerequisites "
     "for both paths.", "what else is in that group besides docker?", "Besides Docker basics, Development Tools"),
    # a length compared across paths keeps the earlier turn's path
    ("How long is Level 3 on the AI integration track?", "Level 3: Advanced runs from 12 to 24 months.",
     "is it the same length on the ML side?", "Yes, they take the same time"),
    # "what does step 2 actually include?": the section the step names
    ("What are the next steps the roadmap suggests?", "Choose your path, start with foundational requirements, follow a "
     "structured learning path, build projects for your portfolio, engage with the community.",
     "what does step 2 actually include?", "which covers Programming Fundamentals, Mathematics & Statistics and Development Tools"),
    ("Which books are in the resource library?", "Designing Machine Learning Systems, Building ML Powered Applications, Deep "
     "Learning (Goodfellow) and Hands-On Machine Learning.", "is that last one also used somewhere inside the ML path itself?",
     'Yes: the roadmap lists "Hands-On Machine Learning" book under ML Fundamentals'),
    ("What does Level 3 of the Machine Learning Engineering path cover?", "Level 3: Expertise (12-24 months) covers advanced "
     "topics, research & development, and production ML.", "ok, and which milestones am I supposed to hit at that stage?",
     "Research novel approaches"),
    # found on the tenth session's probe sets: "something similar in the other path"; "and after that?" after a level; an intro saying who asks is not the topic
    ("What does the MLOps part of the ML engineering path cover?", "MLOps Fundamentals, in Level 2, covers experiment "
     "tracking, model versioning and training pipelines.", "Is there something similar in the other path?",
     "MLOps for Integration"),
    ("what should i learn first on the ml path", "Start with Level 1: Foundation, which covers advanced mathematics, ML "
     "fundamentals and deep learning basics.", "and after that? whats next", "Level 2: Advanced ML"),
    ("DevOps engineer here. What does MLOps for Integration cover in the AI Integration path?", "It's part of Level 3: "
     "Advanced (12-24 months) and covers model serving, monitoring and deployment pipelines.",
     "does the ML path have an mlops part as well? at which level does it come there?", "MLOps Fundamentals"),
    ("Founder here, we need to deploy fast. Which level of the AI integration path covers MLOps?", "Level 3: Advanced "
     "(12-24 months), under MLOps for Integration.", "Got it. What resources does it give for that?", "MLOps tutorials"),
    ("I want to learn FastAPI. Where do I start?", "Start with the FastAPI official documentation; it is part of API "
     "Development in Level 1 of the AI Integration Engineering path.", "Is there a book or a course for it too?",
     "FastAPI Master Course (Udemy)"),
    # found on the eleventh session's sets: the next tier of milestones; an order asked of the earlier topic; a
    # self-introduction in the earlier turn is not its topic
    ("what milestones mark the beginner stage of ML engineering?", "Implement basic ML models, train a CNN/RNN, and build "
     "a training pipeline.", "nice. and the tier after that one?", "Train custom architecture"),
    ("what does the ML engineering path say about MLOps?", "MLOps Fundamentals, in Level 2: experiment tracking, model "
     "versioning and training pipelines.", "is that before or after the production ML stuff?", "Before"),
    ("I'm a physics PhD, which path suits me?", "Machine Learning Engineering suits you best, given your maths background.",
     "would i still need docker for that or is docker just a thing on the other track?", "Docker basics"),
    ("How long is level 1 of the AI integration path?", "Level 1: Foundation takes 0-6 months.", "and the one after that?",
     "6-12 months"),
    ("Which vector databases does the integration path cover?", "Level 2: Integration covers FAISS, Pinecone and Weaviate.",
     "cool, and what else is taught in that same level besides the vector db stuff?", "NLP Integration"),
    ("How long is Level 2 on the integration path?", "Level 2: Integration runs 6-12 months.",
     "is it the same span for the ML one?", "Yes, they take the same time"),
    ("what are the intermediate milestones for ml engineering", "Train a custom architecture, optimize model performance "
     "and deploy a production model.", "and the tier before those? what am i supposed to hit first", "Implement basic ML models"),
    ("I'm on the ML path, what MLOps stuff do I learn?", "MLOps Fundamentals covers experiment tracking, model versioning "
     "and training pipelines.", "does the integration path have its own version of that?", "MLOps for Integration"),
    ("How long is the Advanced ML level of the ML engineering path?", "Level 2: Advanced ML takes 6-12 months.",
     "and the level after that one, how long?", "12-24 months"),
    ("I've decided on AI integration. Where do I start?", "Start with Level 1: Foundation (0-6 months), which has three "
     "parts: API Development, Cloud Platforms, and Pre-trained Models.", "what should I read or watch for the first of "
     "those three?", "FastAPI official documentation"),
    # found on the twelfth session's sets: one listed item named by a word of it ("that fast ai one") and asked about
    # in the levels; the other path's level by number; "is it the same" after a time; the third one in one path
    ("What online courses are in the resource library?", "The Resource Library lists Coursera ML/AI specializations, "
     "Fast.ai, DeepLearning.AI and Udacity nanodegrees.", "does that fast ai one also show up inside one of the levels?",
     "Deep Learning Basics"),
    ("which vector databases should i learn for ai integration?", "FAISS, Pinecone and Weaviate; they come in Level 2 "
     "(Integration) of the AI Integration path.", "ok what about the other path, whats in its level 2?", "Model Architecture"),
    ("how long is level 2 of the ml path?", "Level 2: Advanced ML is planned for 6-12 months.",
     "is it the same for the integration one?", "Yes, the same"),
    ("how long is level 1 of the ml path?", "Level 1: Foundation is planned for 0-6 months.", "is it the same for level 3?",
     "No: Level 3"),
    ("Which platforms does the resource library list?", "Kaggle, GitHub, Papers with code and HuggingFace.",
     "does the ML path itself mention the third one anywhere?", "Training Optimization"),    ("what does performance optimization cover on the integration path?", "Profiling, scaling, and load balancing, at "
     "Level 3 (Advanced, 12-24 months).", "is there a book for that?", "High Performance Python book"),
    ("how long is level 1 of the machine learning engineering path?", "Level 1: Foundation takes 0-6 months and covers "
     "advanced mathematics, ML fundamentals and deep learning basics.", "and the last one?", "12-24 months"),
    ("I'm going the ML route, which resources does it give for the ML fundamentals?", "For ML Fundamentals in Level 1 it "
     "lists Andrew Ng's ML course, the \"Hands-On Machine Learning\" book and Stanford CS229.",
     "nice. is there a stanford course for the architecture part later on too?", "Stanford CS231n"),
    ("i'm on level 1 of the ML path, what's in deep learning basics?", "Neural networks, backpropagation and activation "
     "functions.", "cool. which level covers transformers then?", "Level 2"),    ("what resources does the ML path give for deep learning basics", "For Deep Learning Basics (ML path, Level 1) the "
     "roadmap lists the Deep Learning Specialization, PyTorch tutorials and the Fast.ai course.",
     "is the last one of those also in the resource library part?", "Online Courses"),
    ("which resources does the roadmap give for ML fundamentals?", "It lists Andrew Ng's ML course, the \"Hands-On Machine "
     "Learning\" book and Stanford CS229.", "cool, and what topics does that section actually cover?", "Supervised learning"),
    ("I'm in Level 1 of the ML engineering path, what books does it recommend?", "Level 1 lists the \"Mathematics for "
     "Machine Learning\" book and the \"Hands-On Machine Learning\" book.", "ok and once im through that level, what comes "
     "next and how long does it take?", "6-12 months"),
    # the thirteenth session's: "that book" is the one title the answer quoted, and the section named is where to look;
    # "that second one" of two quoted titles
    ("which book does the ml path recommend for ml fundamentals?", "\"Hands-On Machine Learning\" is the book listed "
     "for ML Fundamentals.", "is that book also in the resource library list?", "under Resource Library, Books"),
    ("which books does level 1 of the ml path recommend?", "\"Mathematics for Machine Learning\" for the maths and "
     "\"Hands-On Machine Learning\" for the ML fundamentals.", "is that second one also in the resource library's book "
     "list?", "\"Hands-On Machine Learning\" under Resource Library, Books"),
    ("whats in level 3 of the ML path", "Level 3: Expertise covers Advanced Topics, Research & Development, and "
     "Production ML.", "what resources does it give for the R&D part of that?", "ArXiv"),
    ("what are the beginner milestones for ml engineering?", "Implement basic ML models, train a CNN/RNN, and build a "
     "training pipeline.", "cool, and once i've ticked those off, what comes next?", "Train custom architecture"),
    ("what does MLOps look like on the ML path?", "MLOps Fundamentals sits in ML Level 2 and covers experiment "
     "tracking, model versioning and training pipelines.", "is there something like that on the integration side too? "
     "what does it cover?", "Model serving"),
    # the fourteenth session's: a follow-up with a topic of its own is not about the earlier turn's
    ("which online courses does the resource library list?", "Coursera ML/AI specializations, Fast.ai, DeepLearning.AI "
     "and Udacity nanodegrees [1].", "nice. and where do i ask questions when i get stuck, any communities?", "Reddit"),
    # (the level the earlier answer placed, then the one after it: not the earlier topic again)
    ("im on the hyperparameter tuning part of the ML path", "Training Optimization is part of Level 2: Advanced ML of the "
     "Machine Learning Engineering Path [1].", "ok and what comes after this level, what's the last stage about?", "Level 3"),
    ("what are the beginner milestones for ai integration?", "Build a basic API with a pre-trained model, deploy a cloud "
     "function and implement vector search [1].", "nice, and after that?", "Build production QA system"),
    # the fifteenth session's: a kind of resource among those just named; a milestone set named by its title, though
    # the path's name shares a word with another topic ("MLOps for Integration")
    ("What resources does the ML path give for model architecture?", "Level 2 of the Machine Learning Engineering Path lists "
     "Stanford CS231n, the \"Deep Learning\" book and ArXiv papers [1].", "which of those is a book?",
     "The book among them is \"Deep Learning\" book"),
    ("Which path has the vector search stuff?", "The AI Integration Engineering path: vector databases like FAISS, Pinecone "
     "and Weaviate [1].", "ok what are the intermediate milestones for that one?", "Build production QA system"),
]


@pytest.mark.parametrize(("asked", "said", "question", "fact"), FOLLOW_UPS)
def test_a_follow_up_leads_with_what_it_asks_after_the_earlier_turn(
    assistant: Assistant, asked: str, said: str, question: str, fact: str
) -> None:
    history = [{"role": "user", "content": asked}, {"role": "assistant", "content": said}]
    answer = assistant.ask(question, history=history, backend="extractive")
    assert fact in first_sentence(answer.answer), answer.answer


def test_a_line_that_only_echoes_a_passage_heading_path_is_a_label() -> None:
    """Small models echo "Foundational Requirements › Common Prerequisites (Both Paths) [1]" inside their answer;
    the chain drops such lines (and only those) from an LLM answer."""
    from rag.lead import is_label_line

    labels = ["ai-ml-mastery-roadmap.md › Foundational Requirements › Common Prerequisites (Both Paths)",
              "ai-ml-mastery-roadmap.md › Machine Learning Engineering Path › Level 1: Foundation (0-6 months)"]
    assert is_label_line("Foundational Requirements › Common Prerequisites (Both Paths) [1]", labels)
    assert is_label_line("**Level 1: Foundation (0-6 months)**", labels)
    assert not is_label_line("- Mathematics & Statistics: Basic linear algebra, Calculus (basic understanding) [1]", labels)
    assert not is_label_line("The Machine Learning Engineering Path › Level 1 covers Advanced Mathematics", labels)
    assert not is_label_line("Level 1: Foundation (0-6 months)", [])
