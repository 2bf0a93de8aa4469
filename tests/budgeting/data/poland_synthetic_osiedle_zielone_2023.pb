META
key;value
description;Synthetic district-level participatory budget in the shape of pabulib's Polish files (for tests; not a published election)
country;Poland
unit;Przykładowo
subunit;Osiedle Zielone
instance;2023
district;Osiedle Zielone
num_projects;7
num_votes;20
budget;1100000
vote_type;approval
rule;greedy
date_begin;15.06.2023
date_end;30.06.2023
language;polish
edition;10
currency;PLN
PROJECTS
project_id;cost;votes;name;selected
1;180000;9;Siłownia plenerowa przy szkole;0
2;420000;11;Oświetlenie ulicy Lipowej;0
3;45000;5;Ławki w parku;0
4;390000;12;Plac zabaw przy Zielonej;1
5;60000;3;Zajęcia ruchowe dla seniorów;0
6;610000;14;Ścieżka rowerowa wzdłuż rzeki;1
7;95000;8;Nasadzenia drzew na osiedlu;1
VOTES
voter_id;age;sex;voting_method;vote
1;31;K;internet;1,2,4,6
2;32;M;internet;1,2,4,6
3;33;K;internet;1,2,4,6
4;34;M;internet;1,4,6
5;35;K;internet;1,4,5,6
6;36;M;internet;4,5,6
7;37;K;internet;4,5,6,7
8;38;M;internet;4,6,7
9;39;K;internet;3,4,7
10;40;M;internet;3,4,7
11;41;K;internet;3,4,7
12;42;M;internet;3,7
13;43;K;internet;2,3,7
14;44;M;internet;2,7
15;45;K;internet;2,6
16;46;M;internet;2,6
17;47;K;internet;1,2,6
18;48;M;internet;1,2,6
19;49;K;internet;1,2,6
20;50;M;internet;1,2,4,6
